package org.deepzero.bench;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/** The first argument of the benchmarks that load an older build beside this one in one JVM. */
final class OlderBuild {
    private OlderBuild() {
    }

    /**
     * The older build's class folders ({@code ':'}-separated, e.g. {@code git archive} of a commit compiled
     * into {@code /tmp/old}) as class-path entries; exits 2 with one line if one is not a folder.
     */
    static List<URL> classFolders(String argument) throws MalformedURLException {
        List<URL> out = new ArrayList<>();
        for (String dir : argument.split(File.pathSeparator)) {
            File f = new File(dir);
            if (!f.isDirectory()) {
                System.err.println(dir + ": not a folder of compiled classes (argument 1)");
                System.exit(2);
            }
            out.add(f.toURI().toURL());
        }
        return out;
    }
}
