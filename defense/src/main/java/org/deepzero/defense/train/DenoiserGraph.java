package org.deepzero.defense.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deepzero.defense.blackbox.VictimClassifier;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.nn.Layer;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first-order part of the defense, by SameDiff autodiff: the graph noisy x → D(x) = x + R(x) → head,
 * and the gradient of its scalar loss with respect to the trainable parameters (R's, and the encoder's
 * when there is one), flat in {@link #space()} order. Two heads:
 * <ul>
 *   <li>{@link #throughClassifier}: the white-box victim F with its weights as constants and the
 *       cross-entropy against F's clean labels: the exact gradient of the stability loss (FO-DS);</li>
 *   <li>{@link #throughEncoder}: the encoder E of ZO-AE-DS and the loss Σ z ⊙ g for an upstream gradient g
 *       with respect to the latent code z (estimated from black-box queries): its gradient is the chain
 *       rule Jᵀ g through E and D.</li>
 * </ul>
 * Batch norm of R runs in train mode, as in the zeroth-order queries. One graph per batch size; calls are
 * serialised.
 */
public final class DenoiserGraph {
    private final StagedModel branch;
    private final StagedModel encoder;
    private final VictimClassifier classifier;
    private final ParameterSpace space;
    private final DataType type;
    private final Map<Long, Graph> graphs = new HashMap<>();

    private record Graph(SameDiff sd, Map<String, String> varNames) {
    }

    /** Loss and gradient at θ. */
    public record Result(double loss, double[] gradient) {
    }

    private DenoiserGraph(StagedModel branch, StagedModel encoder, VictimClassifier classifier, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, got " + type);
        }
        this.type = type;
        this.branch = branch;
        this.encoder = encoder;
        this.classifier = classifier;
        this.space = encoder == null ? branch.space() : org.deepzero.defense.denoise.Networks.concat(branch, encoder);
    }

    /** FO-DS: gradient of CE(F(D(x + δ)), y) through the white-box victim. */
    public static DenoiserGraph throughClassifier(StagedModel branch, VictimClassifier classifier) {
        return throughClassifier(branch, classifier, DataType.FLOAT);
    }

    /** As {@link #throughClassifier(StagedModel, VictimClassifier)}, computing in {@code type}. */
    public static DenoiserGraph throughClassifier(StagedModel branch, VictimClassifier classifier, DataType type) {
        return new DenoiserGraph(branch, null, classifier, type);
    }

    /** ZO-AE-DS: gradient of Σ E(D(x + δ)) ⊙ g for a given upstream gradient g. */
    public static DenoiserGraph throughEncoder(StagedModel branch, StagedModel encoder) {
        return throughEncoder(branch, encoder, DataType.FLOAT);
    }

    /** As {@link #throughEncoder(StagedModel, StagedModel)}, computing in {@code type}. */
    public static DenoiserGraph throughEncoder(StagedModel branch, StagedModel encoder, DataType type) {
        return new DenoiserGraph(branch, encoder, null, type);
    }

    /** The trainable coordinates: R's, then the encoder's. */
    public ParameterSpace space() {
        return space;
    }

    /**
     * @param noisy  the noisy batch {@code [B, 3, 32, 32]}
     * @param target one-hot labels {@code [B, 10]} (classifier head) or the upstream gradient {@code [B, 192]}
     *               (encoder head)
     */
    public synchronized Result lossAndGradient(double[] theta, INDArray noisy, INDArray target) {
        if (theta.length != space.dimension()) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, the graph " + space.dimension());
        }
        Graph g = graphs.computeIfAbsent(noisy.size(0), k -> build(noisy.shape(), target.shape()));
        Weights w = Weights.of(space, theta, type);
        for (Segment s : space.segments()) {
            g.sd.getVariable(g.varNames.get(s.name())).getArr().assign(w.get(s.name()));
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("input", noisy.castTo(type));
        feed.put("target", target.castTo(type));
        OutAndGrad r = g.sd.calculateGradientsAndOutputs(feed, List.of("loss"), g.varNames.values());
        double[] grad = new double[space.dimension()];
        for (Segment s : space.segments()) {
            double[] flat = r.getGradients().get(g.varNames.get(s.name())).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            System.arraycopy(flat, 0, grad, s.offset(), s.length());
        }
        return new Result(r.getOutputs().get("loss").getDouble(0), grad);
    }

    private Graph build(long[] inputShape, long[] targetShape) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("input", type, inputShape);
        SDVariable t = sd.placeHolder("target", type, targetShape);
        Map<String, SDVariable> vars = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (Segment s : space.segments()) {
            String n = "p" + names.size() + "_" + s.name().replaceAll("[^A-Za-z0-9_]", "_");
            vars.put(s.name(), sd.var(n, Nd4j.zeros(type, Arrays.stream(s.shape()).asLongStream().toArray())));
            names.put(s.name(), n);
        }
        Function<String, SDVariable> trainable = name -> {
            SDVariable v = vars.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no trainable parameter segment named '" + name + "'");
            }
            return v;
        };
        long[] shape = inputShape.clone();
        SDVariable h = x;
        for (Layer layer : branch.stages()) {
            h = layer.define(sd, h, shape, trainable);
            shape = layer.outputShape(shape);
        }
        h = h.add(x); // D(x) = x + R(x)
        SDVariable loss;
        if (encoder != null) {
            for (Layer layer : encoder.stages()) {
                h = layer.define(sd, h, shape, trainable);
                shape = layer.outputShape(shape);
            }
            loss = h.reshape(targetShape).mul(t).sum();
        } else {
            loss = classifierLoss(sd, h, shape, t);
        }
        sd.updateVariableNameAndReference(loss, "loss");
        sd.setLossVariables("loss");
        AutodiffGradient.buildGradientQuietly(sd);
        return new Graph(sd, names);
    }

    /** F's normalisation and layers with its weights as constants, then cross-entropy against {@code t}. */
    private SDVariable classifierLoss(SameDiff sd, SDVariable pixels, long[] shape, SDVariable t) {
        SDVariable mean = sd.constant(Nd4j.createFromArray(classifier.channelMean()).castTo(type).reshape(1, 3, 1, 1));
        SDVariable inv = sd.constant(Nd4j.createFromArray(classifier.channelInverseStd()).castTo(type).reshape(1, 3, 1, 1));
        SDVariable h = pixels.sub(mean).mul(inv);
        StagedModel f = classifier.model().withDataType(type);
        Weights fw = f.weights(classifier.theta());
        Map<String, SDVariable> constants = new HashMap<>();
        Function<String, SDVariable> frozen = name -> constants.computeIfAbsent(name,
                k -> sd.constant("f_" + k.replaceAll("[^A-Za-z0-9_]", "_"), fw.get(k).castTo(type)));
        for (Layer layer : f.stages()) {
            h = layer.define(sd, h, shape, frozen);
            shape = layer.outputShape(shape);
        }
        return new CrossEntropyLoss(new int[(int) shape[0]], (int) shape[1]).define(sd, h, t);
    }
}
