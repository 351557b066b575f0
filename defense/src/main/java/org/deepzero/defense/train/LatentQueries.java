package org.deepzero.defense.train;

import org.deepzero.defense.denoise.Networks;
import org.deepzero.zo.query.MeteredObjective;
import org.deepzero.zo.query.MeteredTaskSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The black-box evaluations of one ZO-AE-DS estimate as tasks an executor runs: task 0 the per-sample
 * losses at the unperturbed codes z, task 1 + s those of stack s of {@link LatentPerturbations} (its
 * groups of B losses). Each task is one black-box call of a fixed size, the same on every machine, so
 * the losses do not depend on where it runs. Metered: a member returns the images each task sent to F.
 */
public final class LatentQueries implements MeteredTaskSet {
    private final LatentLoss loss;
    private final LatentPerturbations perturbations;

    public LatentQueries(LatentLoss loss, LatentPerturbations perturbations) {
        if (loss.batchSize() != perturbations.batch()) {
            throw new IllegalArgumentException("losses of " + loss.batchSize() + " samples for codes of "
                    + perturbations.batch());
        }
        this.loss = loss;
        this.perturbations = perturbations;
    }

    @Override
    public int size() {
        return 1 + perturbations.stacks();
    }

    @Override
    public double[] run(int i) {
        int b = perturbations.batch();
        if (i == 0) {
            return loss.sampleLosses(Nd4j.create(perturbations.latent(), new long[] {b, Networks.LATENT}, 'c'), 1);
        }
        int n = perturbations.groups(i - 1);
        return loss.sampleLosses(Nd4j.create(perturbations.stacked(i - 1), new long[] {(long) n * b, Networks.LATENT},
                'c'), n);
    }

    /** Counted on this thread: the black box is called on the thread that runs the task. */
    @Override
    public MeteredObjective.Metered runMetered(int i) {
        long before = loss.blackBox().queriesOnThisThread();
        double[] v = run(i);
        return new MeteredObjective.Metered(v, loss.blackBox().queriesOnThisThread() - before);
    }

    @Override
    public void addCalls(long calls) {
        loss.blackBox().addRemote(calls);
    }
}
