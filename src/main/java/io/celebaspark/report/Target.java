package io.celebaspark.report;

/**
 * The validation accuracy whose first crossing the report times (updates and wall time "to reach").
 *
 * @param value mean validation accuracy over labels, a fraction
 * @param rule  how it was chosen, as the report prints it
 */
public record Target(double value, String rule) {
}
