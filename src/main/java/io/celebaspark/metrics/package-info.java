/**
 * Metric math, pure: binary cross-entropy, per-label confusion rates, balanced accuracy, precision, recall,
 * F1 and an exact rank AUC, the majority-class baseline, and a split's {@link io.celebaspark.metrics.Evaluation}
 * with its means over labels computed in one place.
 *
 * <p>Pure core: depends on the JDK only (enforced by {@code ArchitectureTest}). The Delta tables the metrics are
 * written to are {@code metrics.tables}, an adapter.
 */
package io.celebaspark.metrics;
