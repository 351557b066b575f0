package org.deepzero.cli;

/** The toolkit version recorded in outputs. */
final class Version {
    private Version() {
    }

    static String get() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
