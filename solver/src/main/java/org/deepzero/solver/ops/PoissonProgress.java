package org.deepzero.solver.ops;

import org.hipparchus.linear.IterativeLinearSolverEvent;
import org.hipparchus.util.IterationEvent;
import org.hipparchus.util.IterationListener;

/**
 * A one-method view of Poisson solver progress, adapted to Hipparchus' four-method
 * {@link IterationListener}: called after every CG iteration.
 */
@FunctionalInterface
public interface PoissonProgress {

    /**
     * @param iteration    iterations done so far in this solve
     * @param residualNorm the 2-norm of the current residual
     */
    void iterationDone(int iteration, double residualNorm);

    /** @return a Hipparchus listener forwarding iteration events to this */
    default IterationListener asListener() {
        PoissonProgress self = this;
        return new IterationListener() {
            @Override
            public void initializationPerformed(IterationEvent e) {
                // nothing to report before the first iteration
            }

            @Override
            public void iterationStarted(IterationEvent e) {
                // reported when performed
            }

            @Override
            public void iterationPerformed(IterationEvent e) {
                double r = e instanceof IterativeLinearSolverEvent s ? s.getNormOfResidual() : Double.NaN;
                self.iterationDone(e.getIterations(), r);
            }

            @Override
            public void terminationPerformed(IterationEvent e) {
                // the caller gets PoissonStats at the end
            }
        };
    }
}
