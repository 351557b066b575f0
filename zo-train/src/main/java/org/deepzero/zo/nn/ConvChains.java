package org.deepzero.zo.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs of stride-1 convolutions, each optionally followed by an activation, without batch norm (the PDE
 * correctors, e.g. conv5x5 → LeakyReLU → conv5x5 → LeakyReLU → conv5x5), computed channels-last: the
 * input is copied once to {@code [N, H, W, C]}, each convolution is one oneDNN NHWC call into a reused
 * per-thread buffer ({@link ScratchArrays}), each activation runs in place on that buffer, and the last
 * output is copied back to NCHW.
 * <p>
 * Why: ND4J's NCHW convolution hands oneDNN NCHW arrays, and oneDNN (measured with {@code DNNL_VERBOSE}
 * on the corrector's 5x5 shapes, AVX-512) computes them with its channels-last kernel anyway, reordering
 * the input and the output around every call; stage by stage each convolution and each activation also
 * writes a fresh array (page faults). Here the same kernel runs on the same numbers without the reorders
 * and fresh arrays, so the results are those of the NCHW stages bit for bit wherever oneDNN picks the
 * same kernel for both layouts (the activations are the same ND4J ops, in place).
 */
final class ConvChains {
    private ConvChains() {
    }

    /** One link: a channels-last stride-1 convolution and the activation after it, or none. */
    record Link(Conv2d conv, Activation activation) {
        /** How many stages the link spans. */
        int stages() {
            return activation == null ? 1 : 2;
        }
    }

    /** Whether stage {@code l} is a convolution a chain may contain: stride 1, no batch norm after it. */
    static boolean chainable(List<Layer> stages, int l) {
        return stages.get(l) instanceof Conv2d conv && conv.stride() == 1
                && !(l + 1 < stages.size() && stages.get(l + 1) instanceof BatchNorm);
    }

    /**
     * Whether the convolution at stage {@code l} belongs to a run of at least two chainable convolutions
     * (with at most one activation between neighbours): only there does channels-last save reorders.
     */
    static boolean inChain(List<Layer> stages, int l) {
        if (!chainable(stages, l)) {
            return false;
        }
        return neighbour(stages, l, 1) || neighbour(stages, l, -1);
    }

    private static boolean neighbour(List<Layer> stages, int l, int direction) {
        int next = l + direction;
        if (next >= 0 && next < stages.size() && stages.get(next) instanceof Activation) {
            next += direction;
        }
        return next >= 0 && next < stages.size() && chainable(stages, next);
    }

    /** The chain starting at stage {@code l} (channels-last convolutions only), or null. */
    static List<Link> at(List<Layer> stages, int l) {
        List<Link> links = new ArrayList<>();
        int r = l;
        while (r < stages.size() && chainable(stages, r) && ((Conv2d) stages.get(r)).channelsLast()) {
            Activation a = r + 1 < stages.size() && stages.get(r + 1) instanceof Activation act ? act : null;
            Link link = new Link((Conv2d) stages.get(r), a);
            links.add(link);
            r += link.stages();
        }
        return links.isEmpty() ? null : List.copyOf(links);
    }

    /** Number of stages a chain spans. */
    static int stages(List<Link> links) {
        int s = 0;
        for (Link link : links) {
            s += link.stages();
        }
        return s;
    }

    /** Whether {@link #forward} takes {@code x}. */
    static boolean applies(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && x.length() < Integer.MAX_VALUE;
    }

    /**
     * The links one after another on the NCHW {@code x}; the result is a fresh NCHW array. A last link with
     * few output channels runs as {@link NarrowConvolution}, which also applies the activation before it.
     */
    static INDArray forward(List<Link> links, INDArray x, Weights w) {
        long n = x.size(0);
        long h = x.size(2);
        long wd = x.size(3);
        int slot = ScratchArrays.INPUT;
        INDArray in = ScratchArrays.get(slot, n, h, wd, x.size(1));
        in.assign(x.permute(0, 2, 3, 1));
        Activation pending = null;
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            if (i == links.size() - 1 && NarrowConvolution.takes(link.conv())) {
                INDArray y = NarrowConvolution.forward(in, pending, link.conv(), w);
                if (link.activation() != null) {
                    link.activation().applyInPlace(y);
                }
                return y;
            }
            if (pending != null) {
                pending.applyInPlace(in);
            }
            slot = slot == ScratchArrays.INPUT ? ScratchArrays.CONVOLVED : ScratchArrays.INPUT;
            INDArray out = ScratchArrays.get(slot, n, h, wd, link.conv().outChannels());
            link.conv().convolveChannelsLast(in, w, out);
            pending = link.activation();
            in = out;
        }
        if (pending != null) {
            pending.applyInPlace(in);
        }
        return Nd4j.createUninitialized(DataType.FLOAT, n, in.size(3), h, wd).assign(in.permute(0, 3, 1, 2));
    }
}
