package org.deepzero.solver.io;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * What one PDE stores in each HDF5 part of a streamed trajectory ({@link TrajectoryWriter}): the
 * float32 fields of every frame, the datasets that are the same in every part, a part's root
 * attributes and the XDMF document that indexes the parts. The layout is the PDE's; streaming,
 * atomic writes and when the index is rewritten are {@link TrajectoryWriter}'s.
 */
public interface PartLayout {

    /**
     * One float32 dataset {@code [frame][rows][cols]} of every frame.
     *
     * @param name        dataset name
     * @param rows        rows of one frame (y)
     * @param cols        columns of one frame (x)
     * @param units       its {@code units} attribute
     * @param description its {@code description} attribute
     */
    record Field(String name, int rows, int cols, String units, String description) {
        /** Validates the shape. */
        public Field {
            if (name.isEmpty() || rows < 1 || cols < 1) {
                throw new IllegalArgumentException("bad field '" + name + "' of " + rows + " x " + cols);
            }
        }
    }

    /** @return the fields of every frame, in the order they are written and given to {@link TrajectoryWriter#add} */
    List<Field> fields();

    /** @return int32 datasets written into every part after {@code time} and {@code step}, by name, in order */
    Map<String, int[][]> constants();

    /**
     * @param part       the part's index
     * @param firstFrame the index in the trajectory of the part's first frame
     * @return the part's root attributes (numbers or strings), in the order they are written
     */
    Map<String, Object> attributes(int part, int firstFrame);

    /**
     * Writes the XDMF document of the trajectory made of {@code parts}, in order.
     *
     * @param w     destination
     * @param parts the part files written so far
     * @throws IOException when {@code w} fails
     */
    void writeIndex(Writer w, List<XdmfSidecar.Part> parts) throws IOException;

    /** @return bytes of one frame's fields as stored (float32) */
    default long frameBytes() {
        return fields().stream().mapToLong(f -> 4L * f.rows() * f.cols()).sum();
    }
}
