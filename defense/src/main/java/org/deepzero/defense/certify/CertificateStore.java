package org.deepzero.defense.certify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepzero.common.AtomicFiles;

/**
 * One method's finished certification on disk, so that a rerun of {@code defense certify} (after an
 * interruption, or with more methods) certifies only what is missing. The file starts with the key of
 * everything the certificates depend on (the caller's hash of classifier, noise, subset and CERTIFY's
 * settings); a file with another key is ignored and later replaced. Values are written with
 * {@link Double#toString}, which reads back to the same double, so a reused certificate equals a
 * recomputed one bit for bit.
 */
public final class CertificateStore {
    private static final String KEY = "# key=";
    private static final String SECONDS = "# seconds=";
    private static final String HEADER = "index,label,prediction,radius,p_a_lower,count_a,samples";

    private CertificateStore() {
    }

    /** Certificates read back, with the wall time their certification took when it ran. */
    public record Stored(List<ImageCertificate> certificates, double seconds) {
        public Stored {
            certificates = List.copyOf(certificates);
        }
    }

    /** Writes the certificates atomically under {@code key}, with the seconds certification took. */
    public static void save(Path file, String key, List<ImageCertificate> certificates, double seconds) {
        StringBuilder b = new StringBuilder(KEY).append(key).append('\n').append(SECONDS).append(seconds).append('\n')
                .append(HEADER).append('\n');
        for (ImageCertificate c : certificates) {
            Certificate x = c.certificate();
            b.append(c.index()).append(',').append(c.label()).append(',').append(x.prediction()).append(',')
                    .append(x.radius()).append(',').append(x.pALower()).append(',').append(x.countA()).append(',')
                    .append(x.samples()).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.writeString(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The certificates saved under {@code key}, or empty when the file is missing or has another key. */
    public static Optional<Stored> load(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 3 || !lines.get(0).equals(KEY + key) || !lines.get(1).startsWith(SECONDS)
                    || !lines.get(2).equals(HEADER)) {
                return Optional.empty();
            }
            double seconds = Double.parseDouble(lines.get(1).substring(SECONDS.length()));
            List<ImageCertificate> out = new ArrayList<>();
            for (String line : lines.subList(3, lines.size())) {
                String[] f = line.split(",");
                out.add(new ImageCertificate(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                        new Certificate(Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                                Long.parseLong(f[5]), Long.parseLong(f[6]))));
            }
            return Optional.of(new Stored(out, seconds));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            return Optional.empty(); // a damaged file (written by hand, say) is recomputed, not trusted
        }
    }
}
