package org.deepzero.coupling.report;

import java.util.List;
import java.util.Map;

/**
 * The training side of a report: for every trained method which parameters it kept and their test error
 * beside that of its final parameters, and its validation error against the cost spent. Immutable.
 *
 * @param selection one row per trained method, in report order
 * @param curves    method name to its validation curve, in report order
 */
public record TrainingReport(List<SelectionRow> selection, Map<String, Curve> curves) {
    public TrainingReport {
        selection = List.copyOf(selection);
        curves = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(curves));
    }

    /** A report without training records (e.g. only SRC evaluated). */
    public static TrainingReport empty() {
        return new TrainingReport(List.of(), Map.of());
    }

    /**
     * @param method         the method
     * @param selectedStep   step whose parameters were kept; 0 = the starting parameters
     * @param steps          steps trained
     * @param startValMae    validation MAE of the starting parameters
     * @param selectedValMae validation MAE of the kept parameters
     * @param testSelected   test MAE of the kept parameters (the report's number)
     * @param testFinal      test MAE of the parameters after the last step
     */
    public record SelectionRow(String method, int selectedStep, int steps, double startValMae, double selectedValMae,
                               double testSelected, double testFinal) {
        /** Whether the kept parameters are the starting ones. */
        public boolean keptStart() {
            return selectedStep == 0;
        }

        /** The selection in words. */
        public String inWords() {
            if (keptStart()) {
                return "kept the starting parameters: no validation in " + steps
                        + " steps beat them, so the row above is the start, not a trained corrector";
            }
            return selectedStep == steps ? "kept the final parameters" : "kept step " + selectedStep + " of " + steps;
        }
    }

    /**
     * Validation MAE against cost: cumulative objective queries for the zeroth-order methods, optimiser
     * steps for NON (autodiff; no queries), starting at cost 0 with the starting parameters.
     *
     * @param cost   what x counts
     * @param x      cost at each validation
     * @param valMae validation MAE there
     */
    public record Curve(String cost, double[] x, double[] valMae) {
        public Curve {
            if (x.length != valMae.length) {
                throw new IllegalArgumentException(x.length + " costs for " + valMae.length + " errors");
            }
            x = x.clone();
            valMae = valMae.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] valMae() {
            return valMae.clone();
        }
    }
}
