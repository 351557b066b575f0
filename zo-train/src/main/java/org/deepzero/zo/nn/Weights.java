package org.deepzero.zo.nn;

import java.util.HashMap;
import java.util.Map;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameter tensors of a model at one point θ, as ND4J arrays of the model's data type, looked up
 * by segment name. Instances are read-only once built and may be shared between threads.
 */
public final class Weights {
    private final ParameterSpace space;
    private final Map<String, INDArray> tensors;

    private Weights(ParameterSpace space, Map<String, INDArray> tensors) {
        this.space = space;
        this.tensors = tensors;
    }

    /** Materialises every segment of {@code space} from the flat vector {@code theta}. */
    public static Weights of(ParameterSpace space, double[] theta, DataType dataType) {
        if (theta.length != space.dimension()) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, the parameter space "
                    + space.dimension());
        }
        Map<String, INDArray> map = new HashMap<>();
        for (Segment s : space.segments()) {
            map.put(s.name(), tensor(theta, s, dataType));
        }
        return new Weights(space, map);
    }

    private static INDArray tensor(double[] theta, Segment s, DataType dataType) {
        double[] slice = java.util.Arrays.copyOfRange(theta, s.offset(), s.end());
        long[] shape = new long[s.shape().length];
        int[] sh = s.shape();
        for (int i = 0; i < sh.length; i++) {
            shape[i] = sh[i];
        }
        return Nd4j.create(slice, shape, DataType.DOUBLE).castTo(dataType);
    }

    /**
     * The same weights with one coordinate set to {@code value} (the perturbed value θ_i + δ, rounded to
     * the data type exactly as {@link #of} would round it); only the touched tensor is copied, the others
     * are shared with this instance.
     */
    public Weights withCoordinate(int coordinate, double value) {
        Segment s = space.segmentOf(coordinate);
        INDArray t = tensors.get(s.name()).dup();
        long local = coordinate - s.offset();
        INDArray flat = t.reshape(t.length());
        flat.putScalar(local, value);
        Map<String, INDArray> map = new HashMap<>(tensors);
        map.put(s.name(), t);
        return new Weights(space, map);
    }

    /** The tensor of segment {@code name}. */
    public INDArray get(String name) {
        INDArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter segment named '" + name + "'");
        }
        return t;
    }

    /** The layout these tensors follow. */
    public ParameterSpace space() {
        return space;
    }
}
