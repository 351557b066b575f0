package org.deepzero.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashingTest {

    record Settings(int steps, double lr, List<Double> reynolds) {
    }

    @Test
    void sha256MatchesTheFips180Example() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Hashing.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void settingsHashIgnoresKeyOrderButNotValues() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("steps", 100);
        a.put("lr", 0.01);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("lr", 0.01);
        b.put("steps", 100);
        assertEquals(Hashing.ofSettings(a), Hashing.ofSettings(b));
        assertEquals("{\"lr\":0.01,\"steps\":100}", Json.canonical(b));
        b.put("lr", 0.010000000000000002);
        assertNotEquals(Hashing.ofSettings(a), Hashing.ofSettings(b));
    }

    @Test
    void recordsAreHashedByTheirComponents() {
        assertEquals("{\"lr\":0.001,\"reynolds\":[100.0,140.0],\"steps\":3}",
                Json.canonical(new Settings(3, 1e-3, List.of(100.0, 140.0))));
    }

    @Test
    void textHashIgnoresLineEndings() {
        assertEquals(Hashing.ofText("a\nb\n"), Hashing.ofText("a\r\nb\r\n"));
        assertNotEquals(Hashing.ofText("a\nb\n"), Hashing.ofText("a\nb"));
    }
}
