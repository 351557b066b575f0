package org.deepzero.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.param.ParameterIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code deepzero defense}: bad input gives one line naming the file or key, exit 2, and writes nothing. */
class DefenseCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Main(Commands.all(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private String oneLineError() {
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), e);
        return e;
    }

    private Path depth1Params() throws Exception {
        StagedModel m = ModelSpec.cnn(1, 18).build(DataType.FLOAT);
        Path p = dir.resolve("d1.params");
        ParameterIO.save(p, m.space(), m.initialParameters(0));
        return p;
    }

    @Test
    void refusesBadInputWithOneLineAndWritesNothing() throws Exception {
        Path params = depth1Params();
        Path emptyData = Files.createDirectory(dir.resolve("no-cifar"));
        Path outDir = dir.resolve("run");

        // a parameters file of another network than --depth 3 (the default black box)
        assertEquals(2, run("defense", "certify", "--data", emptyData.toString(), "--params", params.toString(),
                "--out", outDir.toString()));
        String e = oneLineError();
        assertTrue(e.contains(params.toString()) && e.contains("another network"), e);

        // the right network, but no CIFAR-10 files in --data
        assertEquals(2, run("defense", "train", "--data", emptyData.toString(), "--params", params.toString(),
                "--depth", "1", "--out", outDir.toString()));
        e = oneLineError();
        assertTrue(e.contains(emptyData.toString()) && e.contains("CIFAR-10"), e);

        // σ <= 0
        assertEquals(2, run("defense", "certify", "--data", emptyData.toString(), "--params", params.toString(),
                "--depth", "1", "--sigma", "0", "--out", outDir.toString()));
        e = oneLineError();
        assertTrue(e.contains("--sigma"), e);
        assertEquals(2, run("defense", "certify", "--data", emptyData.toString(), "--params", params.toString(),
                "--depth", "1", "--sigma", "-0.25", "--out", outDir.toString()));
        assertTrue(oneLineError().contains("--sigma"));

        // a missing parameters file
        assertEquals(2, run("defense", "train", "--data", emptyData.toString(), "--params", dir.resolve("none").toString(),
                "--out", outDir.toString()));
        assertTrue(oneLineError().contains(dir.resolve("none").toString()));

        // a malformed --executor
        assertEquals(2, run("defense", "train", "--data", emptyData.toString(), "--params", params.toString(),
                "--depth", "1", "--executor", "local:0", "--out", outDir.toString()));
        e = oneLineError();
        assertTrue(e.contains("--executor") && e.contains("local:0"), e);

        // an unknown --subset
        assertEquals(2, run("defense", "certify", "--data", emptyData.toString(), "--params", params.toString(),
                "--depth", "1", "--subset", "train", "--out", outDir.toString()));
        e = oneLineError();
        assertTrue(e.contains("--subset") && e.contains("'train'"), e);

        // without --params the default black box would be trained into --out: bad settings and missing data are
        // refused before that
        assertEquals(2, run("defense", "certify", "--data", emptyData.toString(), "--sigma", "0", "--out", outDir.toString()));
        assertTrue(oneLineError().contains("--sigma"));
        assertEquals(2, run("defense", "certify", "--data", emptyData.toString(), "--out", outDir.toString()));
        e = oneLineError();
        assertTrue(e.contains(emptyData.toString()) && e.contains("CIFAR-10"), e);

        assertFalse(Files.exists(outDir), "nothing may be written on bad input");
    }
}
