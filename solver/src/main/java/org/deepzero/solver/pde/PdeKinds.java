package org.deepzero.solver.pde;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deepzero.solver.burgers.BurgersCase;
import org.deepzero.solver.external.ExternalCase;
import org.deepzero.solver.flow.WakeFlowCase;
import org.deepzero.solver.io.CaseFile;

/**
 * The one registry of PDE kinds: {@code [pde] kind} to the reader of that PDE's case sections. Adding
 * a PDE is its package, one line here and a case folder.
 */
public final class PdeKinds {
    /** The kind of a case without {@code [pde]}. */
    public static final String DEFAULT = "wake-flow";

    /** One kind: the case sections it owns (they may depend on the case) and its reader. */
    private record Kind(Function<CaseFile, List<String>> sections, Function<CaseFile, PdeCase<?>> reader) {
        Kind(List<String> sections, Function<CaseFile, PdeCase<?>> reader) {
            this(cf -> sections, reader);
        }
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("wake-flow", new Kind(WakeFlowCase.SECTIONS, WakeFlowCase::read));
        KINDS.put("burgers", new Kind(BurgersCase.SECTIONS, BurgersCase::read));
        KINDS.put("external", new Kind(ExternalCase::sections, ExternalCase::read));
    }

    private PdeKinds() {
    }

    /** @return the known kinds, in registry order */
    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /** @return the sections of the kind a case names (for the unknown-section check) */
    public static List<String> sections(CaseFile cf) {
        return KINDS.get(kind(cf)).sections().apply(cf);
    }

    /**
     * Reads the PDE part of a case: {@code [pde] kind} (default {@value #DEFAULT}) and that kind's sections.
     *
     * @throws org.deepzero.solver.io.InputException on an unknown kind or a bad section
     */
    public static PdeCase<?> read(CaseFile cf) {
        return KINDS.get(kind(cf)).reader().apply(cf);
    }

    /**
     * @return the {@code [pde] kind} a case names (default {@value #DEFAULT})
     * @throws org.deepzero.solver.io.InputException on an unknown kind
     */
    public static String kind(CaseFile cf) {
        CaseFile.Section s = cf.sectionOrEmpty("pde");
        String kind = s.choice("kind", DEFAULT, KINDS.keySet().toArray(String[]::new));
        s.rejectUnknownKeys();
        return kind;
    }
}
