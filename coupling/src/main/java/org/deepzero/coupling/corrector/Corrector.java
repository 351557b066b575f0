package org.deepzero.coupling.corrector;

import java.util.List;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The neural corrector {@code f_θ(u, p)}: a fully convolutional network from the coarse state and
 * the case parameters p to a correction of the state.
 *
 * <p>Sampling: the input is the state's channel layout ({@link CoupledPde#toChannels}; for the wake
 * flow u on x-faces and v on y-faces on zero-padded {@code (ny+1) x (nx+1)} planes) divided by the
 * field scale, followed by one constant channel per normalised parameter feature (the wake flow: the
 * Reynolds number). The output has the state's channel layout; it is multiplied by the correction
 * scale and by the open mask, so obstacles stay no-slip and padding stays zero.
 *
 * <p>Immutable and thread-safe; θ is passed to every call.
 *
 * @param <S> the PDE's state type
 */
public final class Corrector<S> {
    private final CoupledPde<S> pde;
    private final StagedModel model;
    private final Normalization normalization;
    private final float[] openFaces;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param layers        layer spec (see {@code cases/README.md})
     * @param normalization input and output scales
     * @param pde           any coarse solver of the case (for the channel layout and open mask)
     */
    public Corrector(String layers, Normalization normalization, CoupledPde<S> pde) {
        this(StagedModels.convNet(pde.channelShape()[0] + normalization.featureCount(), layers), normalization, pde);
    }

    private Corrector(StagedModel model, Normalization normalization, CoupledPde<S> pde) {
        int[] shape = pde.channelShape();
        this.pde = pde;
        this.channels = shape[0];
        this.model = model;
        this.normalization = normalization;
        double[] open = pde.openChannels();
        this.openFaces = new float[open.length];
        for (int i = 0; i < open.length; i++) {
            openFaces[i] = (float) open[i];
        }
        this.height = shape[1];
        this.width = shape[2];
    }

    /**
     * This corrector with its convolutions channels-last ({@code true}, the default) or NCHW stage by stage
     * (the path before, kept as the benchmarks' baseline); see {@link StagedModel#withChannelsLastConvolutions}.
     */
    public Corrector<S> withChannelsLastConvolutions(boolean on) {
        return new Corrector<>(model.withChannelsLastConvolutions(on), normalization, pde);
    }

    /** Input channels of a network for {@code pde}'s layout with {@code features} parameter channels. */
    public static int inputChannels(int[] channelShape, int features) {
        return channelShape[0] + features;
    }

    public StagedModel model() {
        return model;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** Number of values of one correction ({@code C x H x W}). */
    public int channelLength() {
        return openFaces.length;
    }

    /** Whether a channel entry is an unknown (not solid, not padding). */
    public boolean isOpen(int channelIndex) {
        return openFaces[channelIndex] != 0;
    }

    /** The state's channels, for the error metric and correction targets. */
    public double[] channelsOf(S state) {
        return pde.toChannels(state);
    }

    /** {@code state + correction}. */
    public S corrected(S state, double[] correction) {
        return pde.withCorrection(state, correction);
    }

    /** The network input for a batch of states: {@code [B, C + F, H, W]} float. */
    public INDArray input(List<S> states, List<CaseParameters> parameters) {
        int b = states.size();
        int plane = height * width;
        int in = channels + normalization.featureCount();
        float[] x = new float[b * in * plane];
        double vs = normalization.fieldScale();
        for (int s = 0; s < b; s++) {
            double[] c = pde.toChannels(states.get(s));
            int base = s * in * plane;
            for (int i = 0; i < c.length; i++) {
                x[base + i] = (float) (c[i] / vs);
            }
            double[] f = normalization.features(parameters.get(s));
            for (int k = 0; k < f.length; k++) {
                int from = base + (channels + k) * plane;
                java.util.Arrays.fill(x, from, from + plane, (float) f[k]);
            }
        }
        return Nd4j.create(x, new long[] {b, in, height, width}, 'c');
    }

    /** Output channels (the state's). */
    public int outputChannels() {
        return channels;
    }

    /** Network output for a batch input with weights {@code w}: {@code [B, C, H, W]}. */
    public INDArray output(Weights w, INDArray input) {
        return model.forward(w, input, 1);
    }

    /** Corrections in velocity units from a network output: scaled and masked, one array per sample. */
    public double[][] corrections(INDArray output) {
        INDArray o = output.dataType() == DataType.FLOAT ? output : output.castTo(DataType.FLOAT);
        float[] flat = o.dup('c').data().asFloat();
        int n = openFaces.length;
        int b = flat.length / n;
        double scale = normalization.correctionScale();
        double[][] out = new double[b][n];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < n; i++) {
                out[s][i] = openFaces[i] * scale * flat[s * n + i];
            }
        }
        return out;
    }

    /** Normalised regression target of a correction (the inverse of {@link #corrections} on open faces). */
    public float[] target(double[] correction) {
        float[] t = new float[correction.length];
        double scale = normalization.correctionScale();
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) (openFaces[i] * correction[i] / scale);
        }
        return t;
    }

    /**
     * Initial parameters: He-normal, reproducible from the seed, except the last parameterised stage,
     * which starts at zero so that the untrained corrector is exactly the plain solver (a cold start
     * begins at SRC instead of adding noise to it).
     */
    public double[] initialParameters(long seed) {
        double[] theta = model.initialParameters(seed);
        var segments = model.space().segments();
        int last = segments.get(segments.size() - 1).stage();
        for (var seg : segments) {
            if (seg.stage() == last) {
                java.util.Arrays.fill(theta, seg.offset(), seg.end(), 0.0);
            }
        }
        return theta;
    }
}
