package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.report.stats.SampleSummary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One cell of the report: the finished runs of one arm at one grid point, which differ only by seed. Every
 * number the report shows about a cell is a {@link SampleSummary} over these runs.
 *
 * @param arm   the arm (a named schedule variant)
 * @param point the arm's own grid point
 * @param runs  its scored runs, at least one, in seed order
 */
public record Cell(String arm, GridPoint point, List<ScoredRun> runs) {
    public Cell {
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(point, "point");
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("cell " + arm + " @ " + point.label() + " has no runs");
        }
        runs = runs.stream().sorted(Comparator.comparingLong((ScoredRun r) -> r.run().seed())
                .thenComparing(r -> r.run().runId())).toList();
    }

    /** Mean accuracy over labels of the final model, over seeds: the compared quantity. */
    public SampleSummary accuracy() {
        return over(r -> r.scores().meanAccuracy());
    }

    /** Mean balanced accuracy over labels, over seeds. */
    public SampleSummary balancedAccuracy() {
        return over(r -> r.scores().meanBalancedAccuracy());
    }

    public SampleSummary labelAccuracy(String label) {
        return over(r -> r.label(label).accuracy());
    }

    public SampleSummary labelBalancedAccuracy(String label) {
        return over(r -> r.label(label).balancedAccuracy());
    }

    /** Mean validation accuracy at the final epoch, over seeds (what the default target is derived from). */
    public SampleSummary finalValAccuracy() {
        return over(ScoredRun::finalValAccuracy);
    }

    /** Cumulative parameter updates at the end of training, over seeds. */
    public SampleSummary totalUpdates() {
        return over(r -> r.epochs().isEmpty() ? 0 : r.epochs().get(r.epochs().size() - 1).updates());
    }

    /**
     * Cumulative effective updates ({@link ScoredRun#effectiveUpdates()}) at the end of training, over seeds;
     * empty unless every run has a noise scale at every epoch.
     */
    public Optional<SampleSummary> totalEffectiveUpdates() {
        return known(runs.stream().mapToDouble(r -> r.epochs().isEmpty() ? Double.NaN
                : r.effectiveUpdates()[r.epochs().size() - 1]).toArray());
    }

    /** Wall time of the whole run (sum of its epochs' seconds), over seeds. */
    public SampleSummary totalSeconds() {
        return over(r -> r.epochs().stream().mapToDouble(EpochRecord::epochSeconds).sum());
    }

    /**
     * Held core-seconds of the whole run (sum of its epochs'), over seeds; empty unless every epoch of every
     * run was metered.
     */
    public Optional<SampleSummary> totalCoreSeconds() {
        if (runs.stream().flatMap(r -> r.epochs().stream()).anyMatch(e -> e.cost() == null)) {
            return Optional.empty();
        }
        return Optional.of(over(r -> r.epochs().stream().mapToDouble(e -> e.cost().heldCoreSeconds()).sum()));
    }

    /** When the runs first reached {@code target}: those that did, and their updates, wall time and cost. */
    public ReachSummary reach(double target) {
        List<TargetReach> reached = new ArrayList<>();
        List<Double> effective = new ArrayList<>();
        for (ScoredRun r : runs) {
            TargetReach.first(r.epochs(), target).ifPresent(reach -> {
                reached.add(reach);
                effective.add(r.effectiveUpdates()[r.epochs().stream().map(EpochRecord::epoch).toList()
                        .indexOf(reach.epoch())]);
            });
        }
        if (reached.isEmpty()) {
            return new ReachSummary(0, runs.size(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        boolean metered = reached.stream().allMatch(r -> r.coreSeconds().isPresent());
        return new ReachSummary(reached.size(), runs.size(),
                Optional.of(SampleSummary.of(reached.stream().mapToDouble(TargetReach::updates).toArray())),
                Optional.of(SampleSummary.of(reached.stream().mapToDouble(TargetReach::seconds).toArray())),
                metered ? Optional.of(SampleSummary.of(reached.stream()
                        .mapToDouble(r -> r.coreSeconds().getAsDouble()).toArray())) : Optional.empty(),
                known(effective.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** How often per run, on average, the controller took each decision kind (sorted by kind). */
    public String decisionsPerRun() {
        TreeSet<String> kinds = runs.stream().flatMap(r -> r.decisions().keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        return kinds.stream().map(k -> String.format(Locale.ROOT, "%s %.1f", k,
                        runs.stream().mapToLong(r -> r.decisions().getOrDefault(k, 0L)).average().orElse(0)))
                .collect(Collectors.joining(", "));
    }

    /** The distinct values of a runs-table column among the runs (schedule, optimizer, alpha), joined. */
    public String distinct(Function<ScoredRun, Object> column) {
        return runs.stream().map(column).map(String::valueOf).distinct().sorted().collect(Collectors.joining(", "));
    }

    /** A short name for tables and legends: {@code arm @ grid point}. */
    public String name() {
        return point.coordinates().isEmpty() ? arm : arm + " @ " + point;
    }

    private SampleSummary over(ToDoubleFunction<ScoredRun> value) {
        return SampleSummary.of(runs.stream().mapToDouble(value).toArray());
    }

    /** The summary of values that are all known (not NaN), else empty. */
    private static Optional<SampleSummary> known(double[] values) {
        return Arrays.stream(values).anyMatch(Double::isNaN) ? Optional.empty() : Optional.of(SampleSummary.of(values));
    }

    /**
     * How many of a cell's runs reached the target, and over those, the updates, wall time and core-seconds it
     * took.
     *
     * @param reached     runs that reached it
     * @param runs        runs in the cell
     * @param updates     cumulative updates when they reached it; empty when none did
     * @param seconds     cumulative wall time when they reached it; empty when none did
     * @param coreSeconds cumulative held core-seconds when they reached it; empty when none did or when one of
     *                    them was not metered
     * @param effectiveUpdates cumulative effective updates when they reached it; empty when none did or one
     *                         of them lacks a noise scale
     */
    public record ReachSummary(int reached, int runs, Optional<SampleSummary> updates,
                               Optional<SampleSummary> seconds, Optional<SampleSummary> coreSeconds,
                               Optional<SampleSummary> effectiveUpdates) {
    }
}
