package org.deepzero.coupling.corrector;

import java.util.List;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The neural corrector {@code f_θ(u, Re)}: a fully convolutional network from the coarse velocity and
 * a Reynolds-number channel to a velocity correction.
 *
 * <p>Sampling: the input is the state's channel layout ({@link FlowState#toChannels()}), u on
 * x-faces and v on y-faces, each on a {@code (ny+1) x (nx+1)} array with zero padding, divided by
 * the velocity scale; the third channel is the normalised Reynolds number, constant over the grid.
 * The output has the same two-channel layout; it is multiplied by the correction scale and by the
 * open-face mask, so obstacles stay no-slip and padding stays zero.
 *
 * <p>Immutable and thread-safe; θ is passed to every call.
 */
public final class Corrector {
    private final StagedModel model;
    private final Normalization normalization;
    private final float[] openFaces;
    private final int height;
    private final int width;

    /**
     * @param layers        layer spec (see {@code cases/README.md})
     * @param normalization input and output scales
     * @param flow          any flow of the case's coarse grid (for the grid size and open faces)
     */
    public Corrector(String layers, Normalization normalization, WakeFlow flow) {
        this.model = StagedModels.convNet(CouplingSpecReader.INPUT_CHANNELS, layers);
        this.normalization = normalization;
        double[] open = flow.openFaceChannels();
        this.openFaces = new float[open.length];
        for (int i = 0; i < open.length; i++) {
            openFaces[i] = (float) open[i];
        }
        this.height = FlowState.channelHeight(flow.grid());
        this.width = FlowState.channelWidth(flow.grid());
    }

    public StagedModel model() {
        return model;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** Number of values of one correction ({@code 2 x H x W}). */
    public int channelLength() {
        return openFaces.length;
    }

    /** 1 on faces that carry flow, 0 on obstacle faces and padding, in the channel layout. */
    public boolean isOpen(int channelIndex) {
        return openFaces[channelIndex] != 0;
    }

    /** The network input for a batch of states: {@code [B, 3, H, W]} float. */
    public INDArray input(List<FlowState> states, double[] reynolds) {
        int b = states.size();
        int plane = height * width;
        float[] x = new float[b * 3 * plane];
        double vs = normalization.velocityScale();
        for (int s = 0; s < b; s++) {
            double[] c = states.get(s).toChannels();
            int base = s * 3 * plane;
            for (int i = 0; i < c.length; i++) {
                x[base + i] = (float) (c[i] / vs);
            }
            java.util.Arrays.fill(x, base + 2 * plane, base + 3 * plane, (float) normalization.reynoldsFeature(reynolds[s]));
        }
        return Nd4j.create(x, new long[] {b, 3, height, width}, 'c');
    }

    /** Network output for a batch input with weights {@code w}: {@code [B, 2, H, W]}. */
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
