package org.deepzero.zo.objective;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread float32 stacks for the stage inputs of coordinate queries waiting for their shared tail: the
 * query in slot j of stage l's stack writes its input of stage l there, and when the stack holds K queries
 * the tail runs on the stack as it is (no concatenation). These arrays outlive one forward (they wait for
 * K queries), so the per-call forward workspace cannot hold them; fresh native memory for each costs
 * page faults (about 0.6 ms per MB here, 4.7 MB per query resuming at 16x16), and reusing one stack per
 * stage and thread removes them. A stack holds at most K inputs of its stage (38 MB per thread for 8
 * queries resuming after conv2 of the CIFAR CNN at batch 256) and is kept for the thread's life. Slots
 * are valid until the same thread asks for the same stage's slot again, i.e. within one
 * {@link StagedObjective#values} call while the bucket they belong to is open.
 */
final class PendingInputs {
    private static final ThreadLocal<PendingInputs> PER_THREAD = ThreadLocal.withInitial(PendingInputs::new);

    private final Map<Integer, DataBuffer> stacks = new HashMap<>();

    private PendingInputs() {
    }

    /**
     * Slot {@code j} of stage {@code stage}'s stack for inputs of shape {@code shape} (batch first), in a
     * stack of {@code capacity} slots; contents undefined.
     */
    static INDArray slot(int stage, int j, int capacity, long[] shape) {
        long size = length(shape);
        DataBuffer b = PER_THREAD.get().stack(stage, capacity * size);
        return Nd4j.create(b, shape, Nd4j.getStrides(shape, 'c'), j * size, 'c', DataType.FLOAT);
    }

    /** Slots 0 to k − 1 of stage {@code stage}'s stack as one array, {@code [k·N, ...]}. */
    static INDArray stack(int stage, int k, long[] shape) {
        long[] stacked = shape.clone();
        stacked[0] *= k;
        DataBuffer b = PER_THREAD.get().stacks.get(stage);
        return Nd4j.create(b, stacked, Nd4j.getStrides(stacked, 'c'), 0, 'c', DataType.FLOAT);
    }

    private DataBuffer stack(int stage, long length) {
        DataBuffer b = stacks.get(stage);
        if (b == null || b.length() < length) {
            try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                b = Nd4j.createBuffer(DataType.FLOAT, length, false);
            }
            stacks.put(stage, b);
        }
        return b;
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
