package org.deepzero.zo.param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * All trainable tensors of a model laid out as one flat coordinate range {@code [0, dimension)}.
 * <p>
 * Each tensor is a named {@link Segment}; coordinates, masks, pruning scores and gradients are indexed
 * in this space. Segments carry the index of the model stage they belong to, so that an objective can
 * restart a forward pass at the first stage a perturbation touches (feature reuse).
 * Immutable.
 */
public final class ParameterSpace {

    /**
     * One trainable tensor.
     *
     * @param name   unique name, e.g. {@code "conv1.weight"}
     * @param layer  name of the layer that owns it (pruning ratios are per layer)
     * @param stage  index of the model stage that owns it
     * @param offset first coordinate of the tensor in the flat space
     * @param shape  tensor shape, row-major
     */
    public record Segment(String name, String layer, int stage, int offset, int[] shape) {
        public Segment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(layer, "layer");
            shape = shape.clone();
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset + " for segment " + name);
            }
            for (int s : shape) {
                if (s <= 0) {
                    throw new IllegalArgumentException("non-positive extent in shape "
                            + Arrays.toString(shape) + " of segment " + name);
                }
            }
        }

        /** Number of coordinates of this tensor. */
        public int length() {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        /** One past the last coordinate of this tensor. */
        public int end() {
            return offset + length();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Segment s && s.name.equals(name) && s.layer.equals(layer) && s.stage == stage
                    && s.offset == offset && Arrays.equals(s.shape, shape);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, layer, stage, offset, Arrays.hashCode(shape));
        }
    }

    private final List<Segment> segments;
    private final int dimension;

    private ParameterSpace(List<Segment> segments) {
        this.segments = Collections.unmodifiableList(new ArrayList<>(segments));
        this.dimension = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end();
    }

    /** Starts an empty layout; segments are appended in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Total number of coordinates. */
    public int dimension() {
        return dimension;
    }

    /** Segments in coordinate order. */
    public List<Segment> segments() {
        return segments;
    }

    /** The segment that contains {@code coordinate}. */
    public Segment segmentOf(int coordinate) {
        if (coordinate < 0 || coordinate >= dimension) {
            throw new IndexOutOfBoundsException("coordinate " + coordinate + " outside [0, " + dimension + ")");
        }
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).offset() <= coordinate) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return segments.get(lo);
    }

    /** The segment with this name. */
    public Segment segment(String name) {
        for (Segment s : segments) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no parameter segment named '" + name + "'");
    }

    /** Layer names in coordinate order, each once. */
    public List<String> layers() {
        List<String> out = new ArrayList<>();
        for (Segment s : segments) {
            if (!out.contains(s.layer())) {
                out.add(s.layer());
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpace p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    @Override
    public String toString() {
        return "ParameterSpace[" + dimension + " coordinates in " + segments.size() + " segments]";
    }

    /** Appends segments contiguously. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private int next;

        private Builder() {
        }

        /** Appends a tensor of the given shape; returns this builder. */
        public Builder add(String name, String layer, int stage, int... shape) {
            for (Segment s : segments) {
                if (s.name().equals(name)) {
                    throw new IllegalArgumentException("duplicate parameter segment name '" + name + "'");
                }
            }
            Segment seg = new Segment(name, layer, stage, next, shape);
            segments.add(seg);
            next = seg.end();
            return this;
        }

        public ParameterSpace build() {
            return new ParameterSpace(segments);
        }
    }
}
