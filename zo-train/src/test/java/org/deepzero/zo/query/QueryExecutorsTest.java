package org.deepzero.zo.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepzero.common.InputException;
import org.deepzero.zo.cluster.JoinList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryExecutorsTest {

    @Test
    void localSpecsGiveLocalExecutorsWithTheirThreads() {
        try (QueryExecutor x = QueryExecutors.fromSpec("local:3")) {
            assertEquals(3, ((LocalQueryExecutor) x).threads());
        }
        try (QueryExecutor x = QueryExecutors.fromSpec("local")) {
            assertEquals(Runtime.getRuntime().availableProcessors(), ((LocalQueryExecutor) x).threads());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "remote", "local:0", "local:x", "local:", "cluster:", "cluster:host:0",
            "cluster:a,,b", "cluster:h:70000"})
    void badSpecsAreOneLineNamingTheSetting(String spec) {
        InputException e = assertThrows(InputException.class, () -> QueryExecutors.validate(spec, "--executor"));
        assertTrue(e.getMessage().startsWith("--executor: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void joinListsTakeTheDefaultPort() {
        JoinList j = JoinList.parse("10.0.0.1, 10.0.0.2:6000", "--join");
        assertEquals(new JoinList.Address("10.0.0.1", 5701), j.addresses().get(0));
        assertEquals(new JoinList.Address("10.0.0.2", 6000), j.addresses().get(1));
        assertTrue(!j.loopbackOnly());
        assertTrue(JoinList.parse("127.0.0.1:5701,localhost", "x").loopbackOnly());
    }
}
