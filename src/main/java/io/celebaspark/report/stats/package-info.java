/**
 * The report's statistics, pure: sample summaries, t intervals, the one-sided Welch test and TOST, with t
 * distributions from Apache commons-math3; checked against R and published examples.
 *
 * <p>Pure core: may depend on commons-math3 only; never on Spark, DL4J or ND4J (enforced by
 * {@code ArchitectureTest}).
 */
package io.celebaspark.report.stats;
