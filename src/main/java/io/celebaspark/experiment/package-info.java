/**
 * Experiments: a grid of training runs named by a HOCON file ({@code conf/experiments/NAME.conf}), expanded
 * and validated before Spark starts ({@link io.celebaspark.experiment.ExperimentPlan}), then run one after another
 * in one Spark application ({@link io.celebaspark.experiment.ExperimentJob}), deciding per run whether to start,
 * resume, skip or refuse it from the runs table and the run folders ({@link io.celebaspark.experiment.RunDecision}).
 *
 * <p>May depend on {@code app}, {@code config}, {@code train}, {@code metrics.tables}, Spark and typesafe-config.
 */
package io.celebaspark.experiment;
