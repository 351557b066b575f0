package org.deepzero.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.burgers.BurgersState;
import org.deepzero.solver.burgers.BurgersTrajectory;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code simulate} of a PDE other than the wake flow, through the contract alone: a small forced
 * Burgers case. The stored frames are the solver's own steps (float32 as stored), every stride-th;
 * the XDMF sidecar, parsed with the JDK's XML parser, names only datasets of the HDF5 file, with their
 * real shapes, one frame per stored step at its stored time.
 */
class PdeSimulationTest {
    @TempDir
    Path dir;

    private static final String CASE = """
            [pde]
            kind = burgers
            [burgers]
            n = 16
            length = 16
            dt = 0.1
            frames = 10
            [output]
            dir = out
            """;

    @Test
    @SuppressWarnings("unchecked")
    void burgersTrajectoryIsTheSolversAndItsXdmfMatchesTheHdf5() throws Exception {
        Files.writeString(dir.resolve("case.conf"), CASE);
        PdeCase<BurgersState> pde = (PdeCase<BurgersState>) PdeKinds.read(CaseFile.read(dir.resolve("case.conf")));
        CaseParameters p = pde.defaultTrainingParameters().get(0);
        PdeSimulation.Result r = PdeSimulation.run(pde, p, 9, 3, 4, dir.resolve("sim"), ProgressListener.NONE);
        assertEquals(4, r.frames());
        assertEquals(List.of("vorticity-000004.png", "vorticity-000008.png", "vorticity-000009.png"),
                r.images().stream().map(f -> f.getFileName().toString()).toList());
        assertEquals(11, Files.readAllLines(r.diagnostics()).size(), "header and steps 0 to 9");

        // the frames: steps 0, 3, 6, 9 of the coarse solver, float32 as stored
        CoupledPde<BurgersState> solver = pde.coarse(p);
        List<BurgersState> expected = new ArrayList<>();
        BurgersState s = solver.initialState();
        for (int k = 0; k <= 9; k++) {
            if (k % 3 == 0) {
                expected.add(s);
            }
            s = solver.step(s);
        }
        List<BurgersState> got = pde.readTrajectory(r.trajectory());
        assertEquals(4, got.size());
        for (int f = 0; f < 4; f++) {
            assertEquals(expected.get(f).step(), got.get(f).step());
            assertArrayEquals(float32(expected.get(f).u()), got.get(f).u(), 0);
            assertArrayEquals(float32(expected.get(f).v()), got.get(f).v(), 0);
        }
        assertTrue(Arrays.stream(got.get(3).u()).anyMatch(x -> x != 0), "the forcing moved the fluid");

        Path xdmf = BurgersTrajectory.xdmfFile(r.trajectory());
        assertTrue(Files.isRegularFile(xdmf), xdmf.toString());
        verifyXdmf(xdmf, r.trajectory(), 16, 4);
    }

    /** Every HDF reference against the file; every frame's hyperslab and time against its entry. */
    static void verifyXdmf(Path xdmf, Path h5, int n, int frames) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xdmf.toFile());
        try (HdfFile h = new HdfFile(h5)) {
            double[] time = (double[]) h.getDatasetByPath("time").getData();
            NodeList items = doc.getElementsByTagName("DataItem");
            int references = 0;
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                if (!"HDF".equals(item.getAttribute("Format"))) {
                    continue;
                }
                String[] ref = item.getTextContent().trim().split(":", 2);
                assertEquals(h5.getFileName().toString(), ref[0]);
                Dataset d = h.getDatasetByPath(ref[1]);
                assertArrayEquals(new int[] {frames, n, n}, d.getDimensions(), ref[1]);
                assertArrayEquals(new int[] {frames, n, n}, ints(item.getAttribute("Dimensions")), ref[1]);
                assertEquals(float.class, d.getJavaType(), ref[1]);
                assertEquals("Float4", item.getAttribute("NumberType") + item.getAttribute("Precision"));
                references++;
            }
            assertEquals(3 * frames, references, "u, v and vorticity of every frame");
            Element temporal = (Element) doc.getDocumentElement().getElementsByTagName("Grid").item(0);
            List<Element> entries = new ArrayList<>();
            for (var c = temporal.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e && e.getTagName().equals("Grid")) {
                    entries.add(e);
                }
            }
            assertEquals(frames, entries.size());
            for (int f = 0; f < frames; f++) {
                Element entry = entries.get(f);
                Element t = (Element) entry.getElementsByTagName("Time").item(0);
                assertEquals(time[f], Double.parseDouble(t.getAttribute("Value")), 0);
                Element topo = (Element) entry.getElementsByTagName("Topology").item(0);
                assertArrayEquals(new int[] {2, n + 1, n + 1}, ints(topo.getAttribute("Dimensions")), "nodes");
                NodeList slabs = entry.getElementsByTagName("DataItem");
                for (int i = 0; i < slabs.getLength(); i++) {
                    Element slab = (Element) slabs.item(i);
                    if ("HyperSlab".equals(slab.getAttribute("ItemType"))) {
                        Element sel = (Element) slab.getElementsByTagName("DataItem").item(0);
                        // start (f, 0, 0), stride 1, count (1, n, n): this entry's frame
                        assertArrayEquals(new int[] {f, 0, 0, 1, 1, 1, 1, n, n}, ints(sel.getTextContent()));
                    }
                }
            }
        }
    }

    private static int[] ints(String text) {
        return Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] float32(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
