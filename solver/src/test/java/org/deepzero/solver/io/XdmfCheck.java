package org.deepzero.solver.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks an XDMF file against the HDF5 files it points into, independently of the code that wrote
 * it: parsed with the JDK's DOM parser, every HDF5 reference opened with jhdf. Every dataset path
 * must exist with the declared shape and number type, every hyperslab must lie inside its dataset,
 * every field must fit its grid (cell data one less than the nodes per axis, node data equal), grid
 * origins and spacings must place the MAC grid's cells and faces where the part's attributes say,
 * every frame's time must equal the part's {@code time} entry, and every frame of every part must be
 * listed exactly once.
 */
public final class XdmfCheck {
    private XdmfCheck() {
    }

    /**
     * @param xdmf an XDMF file
     * @return the number of frames (temporal entries) it lists
     */
    public static int verify(Path xdmf) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xdmf.toFile());
        Element root = doc.getDocumentElement();
        assertEquals("Xdmf", root.getTagName());
        Element domain = only(root, "Domain");
        Element temporal = only(domain, "Grid");
        assertEquals("Collection", temporal.getAttribute("GridType"));
        assertEquals("Temporal", temporal.getAttribute("CollectionType"));
        Map<String, HdfFile> files = new HashMap<>();
        try {
            // every HDF reference anywhere in the document: path and shape as declared
            NodeList items = root.getElementsByTagName("DataItem");
            int hdf = 0;
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                if ("HDF".equals(item.getAttribute("Format"))) {
                    Dataset d = dataset(xdmf, files, item);
                    assertArrayEquals(ints(item.getAttribute("Dimensions")), d.getDimensions(), item.getTextContent());
                    String type = d.getJavaType().getSimpleName();
                    String declared = item.getAttribute("NumberType") + item.getAttribute("Precision");
                    assertEquals(switch (type) {
                        case "float" -> "Float4";
                        case "double" -> "Float8";
                        case "int" -> "Int4";
                        default -> "unexpected " + type;
                    }, declared, item.getTextContent());
                    hdf++;
                }
            }
            assertTrue(hdf > 0, "no HDF references in " + xdmf);
            Map<String, TreeSet<Integer>> framesSeen = new HashMap<>();
            int frames = 0;
            for (Element frame : children(temporal, "Grid")) {
                frames++;
                double time = Double.parseDouble(only(frame, "Time").getAttribute("Value"));
                Integer uFrame = null;
                String uFile = null;
                for (Element grid : children(frame, "Grid")) {
                    Element topo = only(grid, "Topology");
                    assertEquals("3DCoRectMesh", topo.getAttribute("TopologyType"));
                    int[] nodes = ints(topo.getAttribute("Dimensions"));
                    assertEquals(3, nodes.length);
                    for (Element attr : children(grid, "Attribute")) {
                        Element data = only(attr, "DataItem");
                        int[] shape = ints(data.getAttribute("Dimensions"));
                        Element hdfItem;
                        int frameIndex = -1;
                        if ("HyperSlab".equals(data.getAttribute("ItemType"))) {
                            List<Element> two = children(data, "DataItem");
                            assertEquals(2, two.size());
                            int[] sel = ints(two.get(0).getTextContent());
                            hdfItem = two.get(1);
                            Dataset d = dataset(xdmf, files, hdfItem);
                            int[] dims = d.getDimensions();
                            assertEquals(3 * dims.length, sel.length);
                            int[] count = Arrays.copyOfRange(sel, 2 * dims.length, 3 * dims.length);
                            // the selection, less axes of one value, is the declared shape
                            assertArrayEquals(dropOnes(count), dropOnes(shape), hdfItem.getTextContent());
                            for (int a = 0; a < dims.length; a++) {
                                int start = sel[a], stride = sel[dims.length + a];
                                assertTrue(start >= 0 && stride >= 1 && start + (count[a] - 1L) * stride < dims[a],
                                        "hyperslab outside " + hdfItem.getTextContent());
                            }
                            assertEquals(data.getAttribute("NumberType") + data.getAttribute("Precision"),
                                    hdfItem.getAttribute("NumberType") + hdfItem.getAttribute("Precision"));
                            if (dims.length == 3) {
                                assertEquals(1, count[0]);
                                frameIndex = sel[0];
                            }
                        } else {
                            hdfItem = data;
                        }
                        int[] expected = "Cell".equals(attr.getAttribute("Center"))
                                ? new int[] {nodes[0] - 1, nodes[1] - 1, nodes[2] - 1} : nodes;
                        assertArrayEquals(expected, shape, attr.getAttribute("Name") + " does not fit grid "
                                + grid.getAttribute("Name"));
                        checkGeometry(grid, dataset(xdmf, files, hdfItem), hdfFile(xdmf, files, hdfItem));
                        if (attr.getAttribute("Name").equals("u")) {
                            uFrame = frameIndex;
                            uFile = ref(hdfItem)[0];
                        }
                    }
                }
                assertNotNull(uFrame, "frame without u");
                HdfFile part = files.get(uFile);
                double stored = ((double[]) part.getDatasetByPath("/time").getData())[uFrame];
                assertEquals(stored, time, 0.0, "time of frame " + uFrame + " of " + uFile);
                assertTrue(framesSeen.computeIfAbsent(uFile, k -> new TreeSet<>()).add(uFrame), "frame listed twice");
            }
            for (Map.Entry<String, TreeSet<Integer>> e : framesSeen.entrySet()) {
                int n = files.get(e.getKey()).getDatasetByPath("/u").getDimensions()[0];
                assertEquals(n, e.getValue().size(), "frames of " + e.getKey() + " not all listed");
                assertEquals(n - 1, e.getValue().last());
            }
            return frames;
        } finally {
            for (HdfFile f : files.values()) {
                f.close();
            }
        }
    }

    /** Origin and spacing: cells from (0, 0), u on x-faces at (i dx, (j+1/2) dy), v at ((i+1/2) dx, j dy). */
    private static void checkGeometry(Element grid, Dataset field, HdfFile h) {
        double dx = num(h, "width") / num(h, "nx"), dy = num(h, "height") / num(h, "ny");
        Element geom = only(grid, "Geometry");
        assertEquals("ORIGIN_DXDYDZ", geom.getAttribute("GeometryType"));
        List<Element> two = children(geom, "DataItem");
        double[] origin = doubles(two.get(0).getTextContent()), spacing = doubles(two.get(1).getTextContent());
        // z, y, x: the layer's thickness is for display only
        assertTrue(spacing[0] > 0);
        assertArrayEquals(new double[] {dy, dx}, Arrays.copyOfRange(spacing, 1, 3), 1e-12);
        String name = field.getPath();
        double[] expected = switch (name) {
            case "/u" -> new double[] {0, dy / 2, 0};
            case "/v" -> new double[] {0, 0, dx / 2};
            default -> new double[] {0, 0, 0};
        };
        assertArrayEquals(expected, origin, 1e-12, name + " placed wrongly");
    }

    private static double num(HdfFile h, String attr) {
        Object o = h.getAttribute(attr).getData();
        return ((Number) (o.getClass().isArray() ? Array.get(o, 0) : o)).doubleValue();
    }

    private static String[] ref(Element item) {
        String text = item.getTextContent().trim();
        int colon = text.lastIndexOf(':');
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static HdfFile hdfFile(Path xdmf, Map<String, HdfFile> files, Element item) {
        String file = ref(item)[0];
        Path p = xdmf.toAbsolutePath().getParent().resolve(file);
        assertTrue(Files.isRegularFile(p), "missing " + p);
        return files.computeIfAbsent(file, k -> new HdfFile(p));
    }

    private static Dataset dataset(Path xdmf, Map<String, HdfFile> files, Element item) {
        Dataset d = hdfFile(xdmf, files, item).getDatasetByPath(ref(item)[1]);
        assertNotNull(d, item.getTextContent());
        return d;
    }

    private static Element only(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        assertEquals(1, c.size(), "one <" + tag + "> in <" + parent.getTagName() + ">");
        return c.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static int[] dropOnes(int[] a) {
        return Arrays.stream(a).filter(x -> x != 1).toArray();
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] doubles(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }
}
