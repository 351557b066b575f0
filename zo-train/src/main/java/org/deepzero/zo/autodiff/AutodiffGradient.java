package org.deepzero.zo.autodiff;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.zo.nn.Layer;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.Loss;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * First-order reference: loss and exact gradient of any {@link StagedModel} by reverse-mode autodiff in
 * ND4J SameDiff, the gradient returned as a flat vector in the model's {@link ParameterSpace} order.
 * The graph mirrors the eager layers one for one (same batch-norm semantics), so ZO estimates can be
 * checked against it, and it serves first-order baselines (supervised training of a corrector).
 * <p>
 * One graph is built per input shape and reused. Computes in float64 by default. Calls are serialised;
 * use one instance per thread for parallel use.
 */
public final class AutodiffGradient {

    /** Loss at θ and its gradient ∂L/∂θ in parameter-space order. */
    public record Result(double loss, double[] gradient) {
    }

    private final StagedModel model;
    private final DataType dataType;
    private final Map<String, Graph> graphs = new HashMap<>();

    private record Graph(SameDiff sd, Map<String, String> varNames) {
    }

    /** Float64 autodiff of {@code model}. */
    public AutodiffGradient(StagedModel model) {
        this(model, DataType.DOUBLE);
    }

    /** Autodiff of {@code model} computing in {@code dataType} (DOUBLE or FLOAT). */
    public AutodiffGradient(StagedModel model, DataType dataType) {
        if (dataType != DataType.DOUBLE && dataType != DataType.FLOAT) {
            throw new IllegalArgumentException("data type must be DOUBLE or FLOAT, got " + dataType);
        }
        this.model = model;
        this.dataType = dataType;
    }

    /**
     * Loss of the model on {@code input} (batch first) and its gradient at {@code theta}.
     *
     * @param loss the loss, bound to the targets of this input
     */
    public synchronized Result lossAndGradient(double[] theta, INDArray input, Loss loss) {
        ParameterSpace space = model.space();
        if (theta.length != space.dimension()) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, the model " + space.dimension());
        }
        INDArray target = loss.targetTensor(dataType);
        String key = Arrays.toString(input.shape()) + "|" + Arrays.toString(target.shape()) + "|" + loss.getClass().getName();
        Graph g = graphs.computeIfAbsent(key, k -> build(input.shape(), target.shape(), loss));
        Weights w = Weights.of(space, theta, dataType);
        for (Segment s : space.segments()) {
            g.sd.getVariable(g.varNames.get(s.name())).getArr().assign(w.get(s.name()));
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("input", input.castTo(dataType));
        feed.put("target", target);
        OutAndGrad r = g.sd.calculateGradientsAndOutputs(feed, List.of("loss"), g.varNames.values());
        double[] grad = new double[space.dimension()];
        for (Segment s : space.segments()) {
            INDArray gr = r.getGradients().get(g.varNames.get(s.name()));
            double[] flat = gr.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            System.arraycopy(flat, 0, grad, s.offset(), s.length());
        }
        return new Result(r.getOutputs().get("loss").getDouble(0), grad);
    }

    private Graph build(long[] inputShape, long[] targetShape, Loss loss) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("input", dataType, inputShape);
        Map<String, SDVariable> vars = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (Segment s : model.space().segments()) {
            String n = "p" + names.size() + "_" + s.name().replaceAll("[^A-Za-z0-9_]", "_");
            long[] shape = Arrays.stream(s.shape()).asLongStream().toArray();
            vars.put(s.name(), sd.var(n, org.nd4j.linalg.factory.Nd4j.zeros(dataType, shape)));
            names.put(s.name(), n);
        }
        long[] shape = inputShape.clone();
        for (Layer layer : model.stages()) {
            x = layer.define(sd, x, shape, name -> {
                SDVariable v = vars.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("no parameter segment named '" + name + "'");
                }
                return v;
            });
            shape = layer.outputShape(shape);
        }
        SDVariable t = sd.placeHolder("target", dataType, targetShape);
        SDVariable l = loss.define(sd, x, t);
        sd.updateVariableNameAndReference(l, "loss");
        sd.setLossVariables("loss");
        buildGradientQuietly(sd);
        return new Graph(sd, names);
    }

    /**
     * Builds the backward graph now. SameDiff prints one line per differentiated op to standard output
     * while doing so, which would mix into the results a command prints; it is silenced for that
     * moment (graph builds are rare: once per input shape). Shared by every SameDiff graph of the
     * project (also defense's denoiser graph), so the silencing lives in one place.
     *
     * @param sd the graph whose gradient function to build
     */
    public static void buildGradientQuietly(SameDiff sd) {
        synchronized (System.class) {
            java.io.PrintStream stdout = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(stdout);
            }
        }
    }
}
