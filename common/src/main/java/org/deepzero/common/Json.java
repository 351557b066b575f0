package org.deepzero.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The project's JSON: one configured Jackson mapper for files people read (reports, metrics logs),
 * and one canonical form for hashing (keys sorted, no indentation, numbers written the same on every
 * JVM), so that equal settings always give equal text.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    // Sorted keys and properties make the text independent of insertion and declaration order; the
    // fast (Schubfach) double writer gives the shortest round-trip digits whatever the JDK version,
    // where Double.toString changed in JDK 19.
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private Json() {
    }

    /** The shared mapper (thread-safe once configured; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The shared mapper that indents its output, for documents people open. */
    public static ObjectMapper pretty() {
        return PRETTY;
    }

    /**
     * The canonical JSON text of {@code value} (maps, lists, records, strings, numbers): keys sorted,
     * compact. Records serialise by their components.
     *
     * @throws IllegalArgumentException if Jackson cannot serialise the value (a programming error)
     */
    public static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
