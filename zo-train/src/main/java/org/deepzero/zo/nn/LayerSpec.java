package org.deepzero.zo.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A layer of a network description, before channel counts are resolved. Build a model from a list of
 * specs with {@link StagedModels#convNet}; {@link #parse} reads the compact text form
 * {@code "conv5x5:8,relu,conv5x5:8,relu,conv5x5:2"}.
 * <p>
 * Text tokens (comma separated, case-insensitive): {@code convKxK:C} (optionally {@code :s2} for
 * stride 2), {@code relu}, {@code lrelu[:α]} or {@code leakyrelu[:α]} (default α = 0.01),
 * {@code maxpool[:k]}, {@code avgpool[:k]} (default k = 2), {@code bn}, {@code gap}, {@code flatten},
 * {@code dense:N} or {@code fc:N}.
 */
public sealed interface LayerSpec {

    /** Convolution with a square odd kernel, same padding. */
    record Conv(int kernel, int channels, int stride) implements LayerSpec {
    }

    record Relu() implements LayerSpec {
    }

    record LeakyRelu(double alpha) implements LayerSpec {
    }

    record MaxPool(int size) implements LayerSpec {
    }

    record AvgPool(int size) implements LayerSpec {
    }

    record BatchNormSpec() implements LayerSpec {
    }

    record GlobalAvgPoolSpec() implements LayerSpec {
    }

    record FlattenSpec() implements LayerSpec {
    }

    record DenseSpec(int features) implements LayerSpec {
    }

    static LayerSpec conv(int kernel, int channels) {
        return new Conv(kernel, channels, 1);
    }

    static LayerSpec relu() {
        return new Relu();
    }

    static LayerSpec leakyRelu(double alpha) {
        return new LeakyRelu(alpha);
    }

    static LayerSpec maxPool(int size) {
        return new MaxPool(size);
    }

    static LayerSpec avgPool(int size) {
        return new AvgPool(size);
    }

    static LayerSpec batchNorm() {
        return new BatchNormSpec();
    }

    static LayerSpec globalAvgPool() {
        return new GlobalAvgPoolSpec();
    }

    static LayerSpec flatten() {
        return new FlattenSpec();
    }

    static LayerSpec dense(int features) {
        return new DenseSpec(features);
    }

    /**
     * Parses a comma-separated spec.
     *
     * @throws IllegalArgumentException naming the offending token and its position
     */
    static List<LayerSpec> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty network spec");
        }
        List<LayerSpec> out = new ArrayList<>();
        String[] tokens = spec.split(",");
        for (int i = 0; i < tokens.length; i++) {
            out.add(parseToken(tokens[i].trim(), i + 1, spec));
        }
        return List.copyOf(out);
    }

    private static LayerSpec parseToken(String token, int position, String spec) {
        String[] parts = token.toLowerCase(Locale.ROOT).split(":");
        LayerSpec layer;
        try {
            layer = fromParts(parts);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in layer '" + token + "' at position " + position
                    + " in network spec '" + spec + "'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad layer '" + token + "' at position " + position
                    + " in network spec '" + spec + "': " + e.getMessage(), e);
        }
        if (layer == null) {
            throw new IllegalArgumentException("unknown layer '" + token + "' at position " + position
                    + " in network spec '" + spec + "'");
        }
        return layer;
    }

    /** The layer the token parts describe; null for an unknown layer name. */
    private static LayerSpec fromParts(String[] parts) {
        String head = parts[0];
        if (head.startsWith("conv")) {
            String[] k = head.substring(4).split("x");
            if (k.length != 2 || !k[0].equals(k[1]) || parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("expected convKxK:C[:s2]");
            }
            int stride = 1;
            if (parts.length == 3) {
                if (!parts[2].startsWith("s")) {
                    throw new IllegalArgumentException("expected stride as s1 or s2");
                }
                stride = Integer.parseInt(parts[2].substring(1));
            }
            return new Conv(Integer.parseInt(k[0]), Integer.parseInt(parts[1]), stride);
        }
        switch (head) {
            case "relu":
                noArgs(parts);
                return new Relu();
            case "lrelu":
            case "leakyrelu":
                return new LeakyRelu(parts.length > 1 ? Double.parseDouble(parts[1]) : 0.01);
            case "maxpool":
                return new MaxPool(parts.length > 1 ? Integer.parseInt(parts[1]) : 2);
            case "avgpool":
                return new AvgPool(parts.length > 1 ? Integer.parseInt(parts[1]) : 2);
            case "bn":
            case "batchnorm":
                noArgs(parts);
                return new BatchNormSpec();
            case "gap":
                noArgs(parts);
                return new GlobalAvgPoolSpec();
            case "flatten":
                noArgs(parts);
                return new FlattenSpec();
            case "dense":
            case "fc":
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected dense:N");
                }
                return new DenseSpec(Integer.parseInt(parts[1]));
            default:
                return null;
        }
    }

    private static void noArgs(String[] parts) {
        if (parts.length != 1) {
            throw new IllegalArgumentException("takes no arguments");
        }
    }
}
