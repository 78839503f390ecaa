package io.celebaspark.report;

import io.celebaspark.config.ConfigReader;
import io.celebaspark.cost.GivenCoefficients;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The report's "cost on a cluster" ({@code report.cost-model.*}): the round-time coefficients, given or
 * fitted, where the epochs they are fitted to come from, and the cluster the experiment's schedules are priced
 * on.
 *
 * @param given            coefficients given as numbers; the others ({@value #FIT}) are fitted
 * @param fitMetrics       a metrics folder whose metered epochs the coefficients are fitted to; empty: the
 *                         reported experiment's own
 * @param fitRuns          only these runs' epochs are fitted to; empty: every run's
 * @param workers          workers at a schedule's first global batch (scale-up keeps them)
 * @param executorCores    cores per executor, one task per core
 * @param trainingExamples training examples of one epoch on the cluster (the per-batch table's epochs)
 */
public record CostModelSettings(GivenCoefficients given, String fitMetrics, List<String> fitRuns, int workers,
                                int executorCores, long trainingExamples) {
    /** The value of a coefficient key that has it fitted. */
    public static final String FIT = "fit";
    static final String PREFIX = "report.cost-model.";

    public CostModelSettings {
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(fitMetrics, "fitMetrics");
        fitRuns = List.copyOf(fitRuns);
    }

    /** Whether an epoch of {@code runId} is one to fit to. */
    boolean fitsTo(String runId) {
        return fitRuns.isEmpty() || fitRuns.contains(runId);
    }

    public static CostModelSettings from(ConfigReader r) {
        return new CostModelSettings(new GivenCoefficients(coefficient(r, "c0"), coefficient(r, "c1"),
                coefficient(r, "c2")), r.string(PREFIX + "fit-metrics").trim(), r.stringList(PREFIX + "fit-runs"),
                r.intIn(PREFIX + "workers", 1, 100_000),
                r.intIn(PREFIX + "executor-cores", 1, 1024), r.longIn(PREFIX + "training-examples", 1, Long.MAX_VALUE));
    }

    private static OptionalDouble coefficient(ConfigReader r, String name) {
        String key = PREFIX + name;
        String raw = r.string(key).trim();
        if (raw.equals(FIT)) {
            return OptionalDouble.empty();
        }
        try {
            double seconds = Double.parseDouble(raw);
            if (seconds >= 0 && !Double.isInfinite(seconds)) {
                return OptionalDouble.of(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below, with the rule
        }
        throw r.invalid(key, "\"" + raw + "\"", "must be " + FIT + " (fitted to the metered epochs) or a number of"
                + " seconds >= 0");
    }
}
