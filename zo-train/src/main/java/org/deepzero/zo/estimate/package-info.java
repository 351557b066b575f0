/**
 * Gradient estimation from function values: {@link org.deepzero.zo.estimate.Cge} (coordinate-wise,
 * forward or central differences), {@link org.deepzero.zo.estimate.SparseCge} (coordinates of a mask),
 * {@link org.deepzero.zo.estimate.Rge} (random directions). Estimators build
 * {@link org.deepzero.zo.query.QueryBatch}es and hand them to a {@link org.deepzero.zo.query.QueryExecutor};
 * they never evaluate the objective themselves, so where the queries run can change without touching them.
 */
package org.deepzero.zo.estimate;
