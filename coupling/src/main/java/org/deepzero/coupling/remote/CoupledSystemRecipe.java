package org.deepzero.coupling.remote;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.coupling.corrector.Normalization;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.rollout.CoupledRollout;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.io.TextFiles;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.zo.query.DataMismatchException;

/**
 * The step-independent part of a solver-in-the-loop objective, as a cluster member rebuilds it: the
 * case file's text (parsed as if it lay at the training process's path, so the mesh and the reference
 * cache resolve to the same paths on the member's disk), the case hash ({@link PdeCase#hash}: solver
 * settings and mesh), the corrector's layers and the training process's normalisation (not recomputed
 * from one-step pairs), and the content hash of the training references ({@link ReferenceHash}).
 * <p>
 * A member loads the training references from its own disk and never generates them: a member without
 * them, or whose case or reference hash differs, is refused ({@link DataMismatchException}, one line).
 * What it builds is kept per JVM, so a member loads a case once, not once per step.
 *
 * @param caseFile      absolute path of the case file on the training machine
 * @param caseLines     its text
 * @param caseHash      the training process's {@link PdeCase#hash}
 * @param layers        the corrector's layer spec
 * @param normalization the corrector's scales
 * @param referenceHash the training process's {@link ReferenceHash} over the training parameter sets
 */
public record CoupledSystemRecipe(String caseFile, List<String> caseLines, String caseHash, String layers,
                                  Normalization normalization, String referenceHash) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Systems built on this JVM; a member serves one run, the second entry covers a case change. */
    private static final Map<CoupledSystemRecipe, Built<?>> BUILT = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CoupledSystemRecipe, Built<?>> e) {
            return size() > 2;
        }
    };

    public CoupledSystemRecipe {
        caseLines = List.copyOf(caseLines);
    }

    /** The recipe of a training process's setup (reads the case file again and hashes the references). */
    public static CoupledSystemRecipe of(CouplingSetup<?> setup) {
        return describe(setup);
    }

    private static <S> CoupledSystemRecipe describe(CouplingSetup<S> setup) {
        PdeCase<S> pde = setup.spec().pde();
        Path file = pde.file().toAbsolutePath().normalize();
        List<CaseParameters> training = setup.spec().training().parameters();
        return new CoupledSystemRecipe(file.toString(), TextFiles.readLines(file, "case file"), pde.hash(),
                setup.spec().corrector().layers(), setup.corrector().normalization(),
                ReferenceHash.of(setup.solvers().get(training.get(0)), setup.reference(), training));
    }

    /** The coupled system on this JVM, built on first use. */
    Built<?> load() {
        synchronized (BUILT) {
            Built<?> b = BUILT.get(this);
            if (b == null) {
                b = build();
                BUILT.put(this, b);
            }
            return b;
        }
    }

    private Built<?> build() {
        CouplingSpec<?> spec;
        try {
            spec = CouplingSpecReader.read(CaseFile.parse(Path.of(caseFile), caseLines));
        } catch (RuntimeException e) {
            // e.g. the mesh is missing on this machine
            throw new DataMismatchException(caseFile + ": the case does not load on this member: " + e.getMessage());
        }
        return build(spec);
    }

    private <S> Built<S> build(CouplingSpec<S> spec) {
        PdeCase<S> pde = spec.pde();
        if (!pde.hash().equals(caseHash)) {
            throw new DataMismatchException(caseFile + ": case hash " + shortHash(pde.hash()) + " on this member, "
                    + shortHash(caseHash) + " in the training process (the mesh or the solver sections differ)");
        }
        List<CaseParameters> training = spec.training().parameters();
        Map<CaseParameters, List<S>> frames = new LinkedHashMap<>();
        Map<CaseParameters, CoupledPde<S>> solvers = new LinkedHashMap<>();
        for (CaseParameters p : training) {
            Path f = pde.referenceFile(p);
            if (!Files.isRegularFile(f)) {
                // generating it here would take the member's time and could differ: refuse instead
                throw new DataMismatchException(f + ": no reference data for " + p.label()
                        + " on this member (copy the training machine's case output folder)");
            }
            try {
                frames.put(p, pde.reference(p, ProgressListener.NONE));
            } catch (RuntimeException e) {
                // a damaged file is other data than the training process's, not a failure of the run
                throw new DataMismatchException(f + ": reference data unreadable on this member: " + e.getMessage());
            }
            solvers.put(p, pde.coarse(p));
        }
        ReferenceSet<S> reference = new ReferenceSet<>(frames);
        CoupledPde<S> layout = solvers.get(training.get(0));
        String hash = ReferenceHash.of(layout, reference, training);
        if (!hash.equals(referenceHash)) {
            throw new DataMismatchException(pde.outputDir() + ": reference data hash " + shortHash(hash)
                    + " on this member, " + shortHash(referenceHash) + " in the training process");
        }
        Corrector<S> corrector = new Corrector<>(layers, normalization, layout);
        return new Built<>(reference, new CoupledRollout<>(solvers, corrector), training);
    }

    private static String shortHash(String h) {
        return h.substring(0, Math.min(12, h.length()));
    }

    /** A built system: the references and the coupled rollout, and the parameter sets by their values. */
    record Built<S>(ReferenceSet<S> reference, CoupledRollout<S> rollout, List<CaseParameters> parameters) {
        /** The training parameter set with these values. */
        CaseParameters parameters(List<Double> values) {
            for (CaseParameters p : parameters) {
                if (List.copyOf(p.values().values()).equals(values)) {
                    return p;
                }
            }
            throw new DataMismatchException("the training process asked for parameters " + values
                    + ", not a training parameter set of the case (" + parameters + ")");
        }
    }
}
