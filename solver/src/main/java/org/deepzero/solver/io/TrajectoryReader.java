package org.deepzero.solver.io;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads trajectories written by {@link TrajectoryWriter}: an XDMF file and the HDF5 parts it lists,
 * or a single HDF5 file in the part layout (the layout of one-file trajectories written before
 * streaming, still read as they are). What the attributes and fields of a part mean is the PDE's
 * ({@link PartDecoder}); this class finds the parts, checks that each is whole and continues the one
 * before, and counts frames. Everything is read eagerly, because jhdf reads lazily and a truncated
 * file would otherwise fail later, far from here; any failure becomes an {@link InputException} whose
 * message names the file.
 */
public final class TrajectoryReader {
    private TrajectoryReader() {
    }

    /**
     * How one PDE reads its own parts.
     *
     * @param <M> the metadata of a part (its attributes)
     * @param <S> the state type
     */
    public interface PartDecoder<M, S> {
        /** @return the metadata of a part, from its attributes */
        M meta(TrajectoryPart part);

        /**
         * @param first        the metadata of the trajectory's first part
         * @param meta         the metadata of a later part
         * @param framesBefore frames in the parts before it
         * @return null when the part continues the trajectory, else what does not fit (for the message)
         */
        String discontinuity(M first, M meta, int framesBefore);

        /** @return the dataset whose first dimension counts a part's frames */
        String frameDataset();

        /**
         * @return the frames of a part, its datasets checked against {@code meta} (a bad shape is an
         *         {@link InputException} naming the dataset)
         */
        List<S> frames(TrajectoryPart part, M meta);
    }

    /**
     * What a trajectory holds, without its frames.
     *
     * @param meta   attributes (of the first part)
     * @param frames frames in all parts
     * @param <M>    the metadata type
     */
    public record Info<M>(M meta, int frames) {
    }

    /**
     * @param file    a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @param decoder the PDE's reading of a part
     * @return its metadata and frames
     * @throws InputException when a file is missing, truncated, not HDF5/XDMF, lacks a field, or
     *                        the parts do not belong together
     */
    public static <M, S> Trajectory<M, S> read(Path file, PartDecoder<M, S> decoder) {
        List<S> frames = new ArrayList<>();
        M first = null;
        for (PartFile part : parts(file, decoder.frameDataset())) {
            try (HdfFile h = open(part.path())) {
                TrajectoryPart p = new TrajectoryPart(h, part.frames());
                M meta = decoder.meta(p);
                first = checkBelongs(file, part, decoder, first, meta, frames.size());
                List<S> some = decoder.frames(p, meta);
                if (part.frames() >= 0 && part.frames() != some.size()) {
                    throw new InputException(part.path() + ": holds " + some.size()
                            + " frames, its XDMF file lists " + part.frames());
                }
                frames.addAll(some);
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(part.path(), e);
            }
        }
        return new Trajectory<>(first, frames);
    }

    /**
     * Reads the attributes and frame count of every part, not the frames: a cheap check of a
     * cached trajectory.
     *
     * @param file    a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @param decoder the PDE's reading of a part
     * @return metadata and total frames
     * @throws InputException as {@link #read}
     */
    public static <M> Info<M> info(Path file, PartDecoder<M, ?> decoder) {
        M first = null;
        int frames = 0;
        for (PartFile part : parts(file, decoder.frameDataset())) {
            try (HdfFile h = open(part.path())) {
                TrajectoryPart p = new TrajectoryPart(h, part.frames());
                M meta = decoder.meta(p);
                first = checkBelongs(file, part, decoder, first, meta, frames);
                int n = p.dimensions(decoder.frameDataset())[0];
                if (part.frames() >= 0 && part.frames() != n) {
                    throw new InputException(part.path() + ": holds " + n + " frames, " + file.getFileName()
                            + " lists " + part.frames());
                }
                frames += n;
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(part.path(), e);
            }
        }
        return new Info<>(first, frames);
    }

    /**
     * Reads one float32 field as stored, all parts in order, for bit-exact comparisons.
     *
     * @param file  a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @param field a dataset of every frame, e.g. "u"
     * @return {@code [frame][y][x]}
     */
    public static float[][][] readField(Path file, String field) {
        List<float[][]> out = new ArrayList<>();
        for (PartFile part : parts(file, field)) {
            try (HdfFile h = open(part.path())) {
                float[][][] f = new TrajectoryPart(h, part.frames()).data(field, float[][][].class);
                out.addAll(List.of(f));
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(part.path(), e);
            }
        }
        return out.toArray(new float[0][][]);
    }

    /**
     * The HDF5 files of a trajectory, in order.
     *
     * @param file  a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @param field a dataset of every frame, by which the XDMF file names the parts
     * @return the part files
     */
    public static List<Path> partFiles(Path file, String field) {
        return parts(file, field).stream().map(PartFile::path).toList();
    }

    /** A part file, with the frame count its index lists (-1 for a single file). */
    private record PartFile(Path path, int frames) {
    }

    private static List<PartFile> parts(Path file, String field) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": trajectory file not found");
        }
        if (!file.getFileName().toString().endsWith(TrajectoryWriter.EXTENSION)) {
            return List.of(new PartFile(file, -1));
        }
        Path dir = file.toAbsolutePath().getParent();
        List<PartFile> out = new ArrayList<>();
        for (XdmfSidecar.PartRef r : XdmfSidecar.parts(file, field)) {
            Path p = dir.resolve(r.file()).normalize();
            if (!p.getParent().equals(dir.normalize()) || !Files.isRegularFile(p)) {
                throw new InputException(file + ": lists part '" + r.file() + "', which is not a file beside it");
            }
            out.add(new PartFile(p, r.frames()));
        }
        return out;
    }

    private static HdfFile open(Path part) {
        HdfFile h;
        try {
            h = new HdfFile(part);
        } catch (RuntimeException e) {
            throw unreadable(part, e);
        }
        try {
            requireWhole(h, part);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    /**
     * The superblock records where the file ends; a file cut short can still parse when the lost bytes
     * belong to the last dataset (jhdf then reads past the end without complaint), so compare.
     */
    private static void requireWhole(HdfFile h, Path part) {
        long end = h.getHdfBackingStorage().getSuperblock().getEndOfFileAddress() + h.getUserBlockSize();
        long size = h.size();
        if (size < end) {
            throw new InputException(part + ": truncated trajectory file (" + size + " bytes, the HDF5 superblock says "
                    + end + ")");
        }
    }

    /** Checks that a part continues the trajectory begun by {@code first}; returns the trajectory's meta. */
    private static <M> M checkBelongs(Path file, PartFile part, PartDecoder<M, ?> decoder, M first, M meta,
                                      int framesBefore) {
        if (first == null) {
            return meta;
        }
        String problem = decoder.discontinuity(first, meta, framesBefore);
        if (problem != null) {
            throw new InputException(part.path() + ": attributes do not continue the trajectory " + file.getFileName()
                    + " (" + problem + ")");
        }
        return first;
    }

    private static InputException unreadable(Path file, RuntimeException e) {
        // jhdf signals corrupt or truncated files with HdfException (a RuntimeException)
        return new InputException(file + ": not a readable trajectory file, from its header at offset 0 ("
                + TrajectoryPart.describe(e) + ")");
    }
}
