package org.deepzero.zo.nn;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread float32 buffers reused by every forward on that thread, for arrays that never leave a layer
 * call (channels-last copies and convolution outputs). Fresh native memory costs page faults on every
 * touch (a 19 MB convolution output into fresh memory took 3x as long as into reused memory); reusing a
 * few slots per thread removes them. The buffers live outside any ND4J workspace, so an array from a
 * slot stays valid while a workspace the caller opened is reset. A slot's array is valid until the next
 * request for the same slot on the same thread. A slot grows to the largest array asked of it and is kept
 * for the thread's life (about 100 MB per query thread for 8 stacked CIFAR queries at batch 256).
 */
final class ScratchArrays {
    /** Slots: the channels-last input, the convolution output, the next block's channels-last input. */
    static final int INPUT = 0;
    static final int CONVOLVED = 1;
    static final int NEXT_INPUT = 2;
    /** A changed input channel and its convolution, channels-last ({@link ChannelsLastInputDelta}). */
    static final int CHANGE = 3;
    static final int CHANGE_CONVOLVED = 4;
    /** The changed channel of a block's output ({@link BlockChannelDelta}). */
    static final int BLOCK_CHANNEL = 5;
    private static final int SLOTS = 6;

    private static final ThreadLocal<ScratchArrays> PER_THREAD = ThreadLocal.withInitial(ScratchArrays::new);

    private final DataBuffer[] buffers = new DataBuffer[SLOTS];

    private ScratchArrays() {
    }

    /** A C-ordered float32 array of {@code shape} in slot {@code slot} of this thread, contents undefined. */
    static INDArray get(int slot, long... shape) {
        return PER_THREAD.get().array(slot, shape);
    }

    private INDArray array(int slot, long[] shape) {
        long length = Shapes.product(shape, 0);
        DataBuffer b = buffers[slot];
        if (b == null || b.length() < length) {
            try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                b = Nd4j.createBuffer(DataType.FLOAT, length, false);
            }
            buffers[slot] = b;
        }
        return Nd4j.create(b, shape, Nd4j.getStrides(shape, 'c'), 0, 'c', DataType.FLOAT);
    }
}
