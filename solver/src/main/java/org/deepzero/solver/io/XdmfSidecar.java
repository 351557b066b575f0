package org.deepzero.solver.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.deepzero.solver.grid.StaggeredGrid;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The XDMF file of a trajectory: what ParaView and VisIt open, and the index of its HDF5 part files.
 * One temporal collection, one entry per frame; each entry is a spatial collection of three uniform
 * grids, one per place the MAC grid stores values, so every field is shown where it lives:
 * <ul>
 *   <li>{@code cells}: {@code ny x nx} cells, one layer thick, from the origin; {@code p},
 *       {@code vorticity} (when stored) and {@code solid} are cell data;</li>
 *   <li>{@code u-faces}: a layer of nodes at the x-faces {@code (i dx, (j+1/2) dy)},
 *       {@code ny x (nx+1)}; {@code u} is node data;</li>
 *   <li>{@code v-faces}: nodes at the y-faces {@code ((i+1/2) dx, j dy)}, {@code (ny+1) x nx};
 *       {@code v} is node data.</li>
 * </ul>
 * A frame's field is a hyperslab {@code [frame, :, :]} of the part file's {@code [frame][y][x]}
 * dataset. The grids are {@code 3DCoRectMesh}es (z, y, x: slowest index first, the XDMF order),
 * because ParaView's XDMF reader lays a {@code 2DCoRectMesh} in the y-z plane and reads no cell data
 * on a grid one node thick; this form was checked in ParaView 5.11's XDMF Reader (every field read
 * back at its place, in the x-y plane). The Xdmf3 readers skip hyperslabs.
 */
public final class XdmfSidecar {
    private XdmfSidecar() {
    }

    /**
     * One HDF5 part file of a trajectory.
     *
     * @param file  its file name, relative to the XDMF file's folder
     * @param times the time of each of its frames
     */
    public record Part(String file, double[] times) {
        /** Validates the name. */
        public Part {
            if (file.isEmpty() || file.contains("/") || file.contains(":") || times.length == 0) {
                throw new IllegalArgumentException("bad part '" + file + "' with " + times.length + " frames");
            }
        }

        /** @return frames in the part */
        public int frames() {
            return times.length;
        }
    }

    /**
     * A part as the index lists it.
     *
     * @param file   file name relative to the XDMF file
     * @param frames frames it holds
     */
    public record PartRef(String file, int frames) {
    }

    /**
     * Writes the XDMF document of a trajectory made of {@code parts}, in order.
     *
     * @param w         destination
     * @param grid      the grid of the frames
     * @param vorticity whether the parts hold a {@code vorticity} dataset
     * @param parts     the part files
     * @throws IOException when {@code w} fails
     */
    public static void write(Writer w, StaggeredGrid grid, boolean vorticity, List<Part> parts) throws IOException {
        int nx = grid.nx(), ny = grid.ny();
        String dx = num(grid.dx()), dy = num(grid.dy()), dz = num(Math.min(grid.dx(), grid.dy()));
        String spacing = dz + " " + dy + " " + dx;
        temporal(w, parts, (f, i, frames) -> {
            uniform(w, "cells", "2 " + (ny + 1) + " " + (nx + 1), "0 0 0", spacing);
            attribute(w, "p", "Cell", slab(f, "/p", i, frames, ny, nx));
            if (vorticity) {
                attribute(w, "vorticity", "Cell", slab(f, "/vorticity", i, frames, ny, nx));
            }
            attribute(w, "solid", "Cell", "      <DataItem ItemType=\"HyperSlab\" NumberType=\"Int\" Precision=\"4\""
                    + " Dimensions=\"1 " + ny + " " + nx + "\">\n"
                    + "       <DataItem Format=\"XML\" NumberType=\"Int\" Dimensions=\"3 2\">0 0 1 1 " + ny + " " + nx
                    + "</DataItem>\n"
                    + "       <DataItem Format=\"HDF\" NumberType=\"Int\" Precision=\"4\" Dimensions=\"" + ny + " " + nx
                    + "\">" + f + ":/solid</DataItem>\n      </DataItem>\n");
            w.write("    </Grid>\n");
            uniform(w, "u-faces", "1 " + ny + " " + (nx + 1), "0 " + num(grid.dy() / 2) + " 0", spacing);
            attribute(w, "u", "Node", slab(f, "/u", i, frames, ny, nx + 1));
            w.write("    </Grid>\n");
            uniform(w, "v-faces", "1 " + (ny + 1) + " " + nx, "0 0 " + num(grid.dx() / 2), spacing);
            attribute(w, "v", "Node", slab(f, "/v", i, frames, ny + 1, nx));
            w.write("    </Grid>\n");
        });
    }

    /** Writes the grids of one frame inside its spatial collection. */
    @FunctionalInterface
    private interface FrameGrids {
        /**
         * @param file   the frame's part file, XML-escaped
         * @param index  the frame's index in its part
         * @param frames the part's frame count
         * @throws IOException when the writer fails
         */
        void write(String file, int index, int frames) throws IOException;
    }

    /** The document both layouts share: a temporal collection of one spatial collection per frame. */
    private static void temporal(Writer w, List<Part> parts, FrameGrids grids) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.write("<Xdmf Version=\"3.0\">\n <Domain>\n");
        w.write("  <Grid Name=\"trajectory\" GridType=\"Collection\" CollectionType=\"Temporal\">\n");
        int frame = 0;
        for (Part part : parts) {
            String f = escape(part.file());
            for (int i = 0; i < part.frames(); i++, frame++) {
                w.write("   <Grid Name=\"frame " + frame + "\" GridType=\"Collection\" CollectionType=\"Spatial\">\n");
                w.write("    <Time Value=\"" + num(part.times()[i]) + "\"/>\n");
                grids.write(f, i, part.frames());
                w.write("   </Grid>\n");
            }
        }
        w.write("  </Grid>\n </Domain>\n</Xdmf>\n");
    }

    /**
     * The XDMF file of cell-centred fields on a uniform {@code nx x ny} grid, all frames in one HDF5
     * file as float32 {@code [frame][ny][nx]} datasets (the Burgers layout): a temporal collection whose
     * entries hold one {@code cells} grid, the grid form of {@link #write}, with every dataset as cell
     * data.
     *
     * @param w        where the XML goes
     * @param nx       cells along x
     * @param ny       cells along y
     * @param dx       cell width
     * @param dy       cell height
     * @param file     the HDF5 file, as the XDMF file refers to it (its name beside it)
     * @param datasets the datasets, each a field
     * @param times    each frame's time
     * @throws IOException when {@code w} fails
     */
    public static void writeCells(Writer w, int nx, int ny, double dx, double dy, String file, List<String> datasets,
                                  double[] times) throws IOException {
        writeCells(w, nx, ny, dx, dy, datasets, List.of(new Part(file, times)));
    }

    /**
     * {@link #writeCells(Writer, int, int, double, double, String, List, double[])} for frames in
     * several HDF5 part files (a streamed trajectory of cell-centred fields), in order.
     *
     * @param w        where the XML goes
     * @param nx       cells along x
     * @param ny       cells along y
     * @param dx       cell width
     * @param dy       cell height
     * @param datasets the datasets of every part, each a field {@code [frame][ny][nx]}
     * @param parts    the part files
     * @throws IOException when {@code w} fails
     */
    public static void writeCells(Writer w, int nx, int ny, double dx, double dy, List<String> datasets,
                                  List<Part> parts) throws IOException {
        String spacing = num(Math.min(dx, dy)) + " " + num(dy) + " " + num(dx);
        temporal(w, parts, (f, i, frames) -> {
            uniform(w, "cells", "2 " + (ny + 1) + " " + (nx + 1), "0 0 0", spacing);
            for (String d : datasets) {
                attribute(w, d, "Cell", slab(f, "/" + d, i, frames, ny, nx));
            }
            w.write("    </Grid>\n");
        });
    }

    /**
     * Reads the part files an XDMF file of {@link #write} or {@link #writeCells} refers to, in order,
     * checking that each part's frames are listed once, in order, from its first.
     *
     * @param xdmf  the XDMF file
     * @param field a field of every frame (wake: {@code u}), whose hyperslabs name the parts
     * @return the parts
     * @throws InputException when the file is not such an XDMF file
     */
    public static List<PartRef> parts(Path xdmf, String field) {
        Document doc = parse(xdmf);
        Element temporal = null;
        for (Element g : elements(doc.getDocumentElement().getElementsByTagName("Grid"))) {
            if ("Temporal".equals(g.getAttribute("CollectionType"))) {
                temporal = g;
                break;
            }
        }
        if (temporal == null) {
            throw new InputException(xdmf + ": no temporal Grid collection (not a trajectory index)");
        }
        List<PartRef> out = new ArrayList<>();
        String file = null;
        int frames = 0;
        for (Element frame : children(temporal, "Grid")) {
            String[] ref = slabOf(xdmf, frame, field);
            int index = Integer.parseInt(ref[1]);
            if (!ref[0].equals(file)) {
                if (file != null) {
                    out.add(new PartRef(file, frames));
                }
                file = ref[0];
                frames = 0;
            }
            if (index != frames) {
                throw new InputException(xdmf + ": grid '" + frame.getAttribute("Name") + "' takes frame " + index
                        + " of " + file + " where frame " + frames + " belongs");
            }
            frames++;
        }
        if (file == null) {
            throw new InputException(xdmf + ": the trajectory lists no frames");
        }
        out.add(new PartRef(file, frames));
        return out;
    }

    /** The part file name and frame index of a frame's hyperslab of {@code field}. */
    private static String[] slabOf(Path xdmf, Element frame, String field) {
        for (Element grid : children(frame, "Grid")) {
            for (Element attr : children(grid, "Attribute")) {
                if (!attr.getAttribute("Name").equals(field)) {
                    continue;
                }
                List<Element> slab = children(attr, "DataItem");
                List<Element> items = slab.isEmpty() ? List.of() : children(slab.get(0), "DataItem");
                if (items.size() == 2) {
                    String[] start = items.get(0).getTextContent().trim().split("\\s+");
                    String ref = items.get(1).getTextContent().trim();
                    int colon = ref.lastIndexOf(':');
                    if (colon > 0 && start[0].matches("\\d{1,9}")) {
                        return new String[] {ref.substring(0, colon), start[0]};
                    }
                }
            }
        }
        throw new InputException(xdmf + ": grid '" + frame.getAttribute("Name")
                + "' has no " + field + " hyperslab into a part file");
    }

    private static Document parse(Path xdmf) {
        if (!Files.isRegularFile(xdmf)) {
            throw new InputException(xdmf + ": trajectory file not found");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // an index is plain XML: no DTDs, no external entities
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(xdmf.toFile());
        } catch (Exception e) {
            throw new InputException(xdmf + ": not a readable XDMF file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")");
        }
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
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

    private static void uniform(Writer w, String name, String nodes, String origin, String spacing)
            throws IOException {
        w.write("    <Grid Name=\"" + name + "\" GridType=\"Uniform\">\n");
        w.write("     <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"" + nodes + "\"/>\n");
        w.write("     <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n");
        w.write("      <DataItem Format=\"XML\" NumberType=\"Float\" Precision=\"8\" Dimensions=\"3\">" + origin
                + "</DataItem>\n");
        w.write("      <DataItem Format=\"XML\" NumberType=\"Float\" Precision=\"8\" Dimensions=\"3\">" + spacing
                + "</DataItem>\n");
        w.write("     </Geometry>\n");
    }

    private static void attribute(Writer w, String name, String center, String data) throws IOException {
        w.write("     <Attribute Name=\"" + name + "\" AttributeType=\"Scalar\" Center=\"" + center + "\">\n");
        w.write(data);
        w.write("     </Attribute>\n");
    }

    /** Frame {@code i} of a float32 {@code [frames][rows][cols]} dataset. */
    private static String slab(String file, String dataset, int i, int frames, int rows, int cols) {
        return "      <DataItem ItemType=\"HyperSlab\" NumberType=\"Float\" Precision=\"4\" Dimensions=\"1 " + rows + " "
                + cols + "\">\n"
                + "       <DataItem Format=\"XML\" NumberType=\"Int\" Dimensions=\"3 3\">" + i + " 0 0 1 1 1 1 " + rows
                + " " + cols + "</DataItem>\n"
                + "       <DataItem Format=\"HDF\" NumberType=\"Float\" Precision=\"4\" Dimensions=\"" + frames + " "
                + rows + " " + cols + "\">" + file + ":" + dataset + "</DataItem>\n"
                + "      </DataItem>\n";
    }

    /** Shortest text that reads back to the same double. */
    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v).toLowerCase(Locale.ROOT);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
