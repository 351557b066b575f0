package org.deepzero.solver.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.nio.file.Path;

/**
 * One open HDF5 file of a trajectory, as a PDE's {@link TrajectoryReader.PartDecoder} reads it:
 * typed access to its root attributes and datasets, where every failure is an {@link InputException}
 * that names the file and the attribute or dataset.
 */
public final class TrajectoryPart {
    private final HdfFile h;
    private final int listedFrames;

    TrajectoryPart(HdfFile h, int listedFrames) {
        this.h = h;
        this.listedFrames = listedFrames;
    }

    /** @return the file */
    public Path path() {
        return h.getFileAsPath();
    }

    /** @return the frames the trajectory's XDMF index lists for this part, or -1 for a single file */
    public int listedFrames() {
        return listedFrames;
    }

    /** @return whether the part has a root dataset {@code name} */
    public boolean has(String name) {
        return h.getChildren().containsKey(name);
    }

    /** @return the dimensions of dataset {@code name}, without reading it */
    public int[] dimensions(String name) {
        return dataset(name).getDimensions();
    }

    /**
     * A dataset's data of the expected Java type (float32 fields, float64 times, int64 steps); a
     * damaged dataset is named where it fails.
     *
     * @param name dataset name
     * @param type e.g. {@code float[][][].class}
     * @return the data
     */
    public <T> T data(String name, Class<T> type) {
        Object o;
        try {
            o = dataset(name).getData();
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputException(path() + ": dataset '" + name + "' is not readable (" + describe(e) + ")");
        }
        if (!type.isInstance(o)) {
            throw new InputException(path() + ": dataset '" + name + "' holds "
                    + (o == null ? "nothing" : o.getClass().getSimpleName()) + ", expected " + type.getSimpleName());
        }
        return type.cast(o);
    }

    /** @return the numeric root attribute {@code name} as an int */
    public int intAttr(String name) {
        return number(name).intValue();
    }

    /** @return the numeric root attribute {@code name} as a long */
    public long longAttr(String name) {
        return number(name).longValue();
    }

    /** @return the numeric root attribute {@code name} as a double */
    public double doubleAttr(String name) {
        return number(name).doubleValue();
    }

    /** @return the root attribute {@code name} as a string */
    public String stringAttr(String name) {
        return String.valueOf(attr(name));
    }

    private Dataset dataset(String name) {
        Dataset d = h.getDatasetByPath("/" + name);
        if (d == null) {
            throw new InputException(path() + ": trajectory lacks dataset '" + name + "'");
        }
        return d;
    }

    private Object attr(String name) {
        Attribute a;
        Object o;
        try {
            a = h.getAttribute(name);
            o = a == null ? null : a.getData();
        } catch (RuntimeException e) {
            throw new InputException(path() + ": attribute '" + name + "' is not readable (" + describe(e) + ")");
        }
        if (a == null) {
            throw new InputException(path() + ": trajectory lacks attribute '" + name + "'");
        }
        return o != null && o.getClass().isArray() && Array.getLength(o) > 0 ? Array.get(o, 0) : o;
    }

    private Number number(String name) {
        Object o = attr(name);
        if (!(o instanceof Number n)) {
            throw new InputException(path() + ": attribute '" + name + "' must be a number, found "
                    + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
        return n;
    }

    /** {@code HdfException: message} on one line. */
    static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' '));
    }
}
