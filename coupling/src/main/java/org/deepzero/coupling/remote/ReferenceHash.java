package org.deepzero.coupling.remote;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.common.Hashing;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;

/**
 * A hash of reference data by content, as the coupled rollouts see it: every frame's unknowns in the
 * PDE's channel layout ({@link CoupledPde#toChannels}), per parameter set in the order given. Two
 * machines holding references that train identically have the same hash whatever their files look
 * like; one bit of a frame changed gives another.
 */
public final class ReferenceHash {
    private ReferenceHash() {
    }

    /**
     * @param layout     any coarse solver of the case (the channel layout)
     * @param reference  the reference trajectories
     * @param parameters the parameter sets covered, in this order
     * @return SHA-256 (hex)
     */
    public static <S> String of(CoupledPde<S> layout, ReferenceSet<S> reference, List<CaseParameters> parameters) {
        List<String> lines = new ArrayList<>();
        for (CaseParameters p : parameters) {
            List<String> frames = new ArrayList<>();
            for (S frame : reference.frames(p)) {
                frames.add(Hashing.sha256(layout.toChannels(frame)));
            }
            lines.add(p.values() + " " + Hashing.ofText(String.join(",", frames)));
        }
        return Hashing.ofText(String.join("\n", lines));
    }
}
