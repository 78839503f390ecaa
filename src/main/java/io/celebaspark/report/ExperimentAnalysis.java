package io.celebaspark.report;

import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.metrics.MajorityBaseline;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.LabelMetricsRecord;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns an experiment's rows into a {@link Report}: scores every finished run, groups runs into cells (arm ×
 * grid point), builds the comparison panels and tests, the majority baseline and the target. Pure: no Spark,
 * no files.
 *
 * <p>Rules, as the report states them: only FINISHED runs count, every other run is listed with its reason;
 * the compared accuracy is the final model's on test when every counted run has it, else the final epoch's
 * on validation; the default target is 90% ({@link #TARGET_FRACTION}) of the way from the majority
 * baseline's mean validation accuracy to the best cell's mean final validation accuracy (a fixed fraction
 * of the best alone would fall below the baseline on labels as unbalanced as CelebA's).
 */
public final class ExperimentAnalysis {
    /** Arms in the order they get colours; arms not listed follow in alphabetical order. */
    static final List<String> KNOWN_ARMS = List.of("lr-decay", "batch-growth", "constant", "hybrid", "fixed-steps",
            "noise-capped-growth", "noise-scale");
    /** The default target lies this fraction of the way from the majority baseline to the best cell. */
    static final double TARGET_FRACTION = 0.9;

    private ExperimentAnalysis() {
    }

    /**
     * @throws NothingToReportException when no run of the experiment can be scored
     */
    public static Report analyse(ExperimentData data, ReportOptions options) {
        Map<String, List<EpochRecord>> epochs = data.epochs().stream()
                .sorted(Comparator.comparingInt(EpochRecord::epoch))
                .collect(Collectors.groupingBy(EpochRecord::runId));
        Map<String, List<EpochNoise>> noise = data.noise().stream().collect(Collectors.groupingBy(EpochNoise::runId));
        Map<String, List<LabelMetricsRecord>> metrics = data.labelMetrics().stream()
                .collect(Collectors.groupingBy(LabelMetricsRecord::runId));
        Map<String, Map<String, Long>> decisions = data.events().stream().filter(EventRecord::isEpochDecision)
                .collect(Collectors.groupingBy(EventRecord::runId,
                        Collectors.groupingBy(EventRecord::kind, TreeMap::new, Collectors.counting())));

        List<ExcludedRun> excluded = new ArrayList<>();
        List<RunRecord> finished = new ArrayList<>();
        for (RunRecord run : sortedRuns(data.runs())) {
            Optional<String> reason = exclusion(run, metrics.getOrDefault(run.runId(), List.of()));
            reason.ifPresentOrElse(r -> excluded.add(new ExcludedRun(run, r)), () -> finished.add(run));
        }
        MetricSource source = finished.stream().allMatch(r -> has(metrics.get(r.runId()), r, MetricSource.TEST))
                && !finished.isEmpty() ? MetricSource.TEST : MetricSource.VAL;

        List<ScoredRun> scored = new ArrayList<>();
        List<String> labels = null;
        for (RunRecord run : finished) {
            List<LabelMetricsRecord> rows = metrics.get(run.runId());
            Evaluation scores = evaluation(rows, run, source);
            List<String> runLabels = scores.labels().stream().map(LabelMetrics::label).toList();
            if (labels == null) {
                labels = runLabels;
            } else if (!labels.equals(runLabels)) {
                excluded.add(new ExcludedRun(run, "its labels " + runLabels + " differ from the other runs' " + labels));
                continue;
            }
            scored.add(new ScoredRun(run, scores, evaluation(rows, run, MetricSource.VAL),
                    epochs.getOrDefault(run.runId(), List.of()), decisions.getOrDefault(run.runId(), Map.of()),
                    noise.getOrDefault(run.runId(), List.of())));
        }
        if (scored.isEmpty()) {
            throw new NothingToReportException("experiment '" + data.experiment() + "' has no finished run to report on ("
                    + data.runs().size() + " run" + (data.runs().size() == 1 ? "" : "s") + ": "
                    + excluded.stream().map(e -> e.run().runId() + " (" + e.run().status() + "): " + e.reason())
                    .collect(Collectors.joining("; "))
                    + ")");
        }

        List<String> arms = armOrder(scored.stream().map(r -> arm(r.run())).distinct().toList());
        List<Cell> cells = cells(scored, arms);
        MajorityBaseline baseline = baseline(scored.get(0).scores());
        Target target = options.target().isPresent()
                ? new Target(options.target().getAsDouble(), "given with --target")
                : defaultTarget(cells, baseline(scored.get(0).val()));
        return new Report(data.experiment(), options, source, labels, baseline, target, arms, cells,
                panels(cells, options), excluded);
    }

    /** The run's arm; a run trained outside an experiment grid counts under its schedule's name. */
    static String arm(RunRecord run) {
        return run.arm() == null || run.arm().isBlank() ? run.schedule() : run.arm();
    }

    private static List<RunRecord> sortedRuns(List<RunRecord> runs) {
        return runs.stream().sorted(Comparator.comparing(RunRecord::runId)).toList();
    }

    private static Optional<String> exclusion(RunRecord run, List<LabelMetricsRecord> metrics) {
        if (run.status() != RunStatus.FINISHED) {
            return Optional.of("not finished" + (run.failureReason() == null ? "" : ": " + run.failureReason()));
        }
        if (run.finalEpoch() == null) {
            return Optional.of("FINISHED without a final epoch in the runs table");
        }
        if (!has(metrics, run, MetricSource.VAL)) {
            return Optional.of("FINISHED, but no validation label metrics at its final epoch " + run.finalEpoch());
        }
        return Optional.empty();
    }

    private static boolean has(List<LabelMetricsRecord> metrics, RunRecord run, MetricSource source) {
        return metrics != null && metrics.stream().anyMatch(m -> m.epoch() == run.finalEpoch()
                && m.split().equals(source.split()));
    }

    /** The run's final-epoch scores on the source's split, labels sorted by name. */
    private static Evaluation evaluation(List<LabelMetricsRecord> rows, RunRecord run, MetricSource source) {
        List<LabelMetrics> labels = rows.stream()
                .filter(m -> m.epoch() == run.finalEpoch() && m.split().equals(source.split()))
                .map(LabelMetricsRecord::metrics).sorted(Comparator.comparing(LabelMetrics::label)).toList();
        return new Evaluation(source.split(), labels.get(0).examples(), Double.NaN, labels);
    }

    private static List<String> armOrder(List<String> arms) {
        List<String> ordered = new ArrayList<>(KNOWN_ARMS.stream().filter(arms::contains).toList());
        arms.stream().filter(a -> !KNOWN_ARMS.contains(a)).sorted().forEach(ordered::add);
        return ordered;
    }

    private static List<Cell> cells(List<ScoredRun> scored, List<String> arms) {
        Map<String, Map<GridPoint, List<ScoredRun>>> byArm = scored.stream().collect(Collectors.groupingBy(
                r -> arm(r.run()), Collectors.groupingBy(r -> GridPoint.parse(r.run().gridPoint()))));
        return byArm.entrySet().stream()
                .flatMap(arm -> arm.getValue().entrySet().stream().map(p -> new Cell(arm.getKey(), p.getKey(), p.getValue())))
                .sorted(Comparator.comparing(Cell::point).thenComparing(c -> arms.indexOf(c.arm())))
                .toList();
    }

    /**
     * One panel per grid point that no other cell's point strictly covers; each shows every cell its point
     * covers, and tests the treatment against the control when both are there (the most specific cell of
     * each, should an arm appear at several covered points).
     */
    private static List<Panel> panels(List<Cell> cells, ReportOptions options) {
        List<GridPoint> points = cells.stream().map(Cell::point).distinct().sorted().toList();
        List<Panel> panels = new ArrayList<>();
        for (GridPoint point : points) {
            boolean maximal = points.stream().noneMatch(p -> !p.equals(point) && p.covers(point));
            if (!maximal) {
                continue;
            }
            List<Cell> covered = cells.stream().filter(c -> point.covers(c.point())).toList();
            Map<String, Cell> byArm = covered.stream().collect(Collectors.toMap(Cell::arm, Function.identity(),
                    (a, b) -> a.point().coordinates().size() >= b.point().coordinates().size() ? a : b,
                    LinkedHashMap::new));
            Optional<Comparison> comparison = byArm.containsKey(options.treatment()) && byArm.containsKey(options.control())
                    ? Optional.of(new Comparison(point, byArm.get(options.treatment()), byArm.get(options.control()),
                    options.margin()))
                    : Optional.empty();
            panels.add(new Panel(point, List.copyOf(byArm.values()), comparison));
        }
        return panels;
    }

    /** The majority class of the evaluated split itself, per label, from its positive and example counts. */
    private static MajorityBaseline baseline(Evaluation evaluation) {
        Map<String, Double> rates = new LinkedHashMap<>();
        evaluation.labels().forEach(m -> rates.put(m.label(), (double) m.positives() / m.examples()));
        return MajorityBaseline.of(rates, rates, List.copyOf(rates.keySet()));
    }

    private static Target defaultTarget(List<Cell> cells, MajorityBaseline valBaseline) {
        Cell best = cells.stream().max(Comparator.comparingDouble(c -> c.finalValAccuracy().mean())).orElseThrow();
        double top = best.finalValAccuracy().mean();
        double floor = valBaseline.meanAccuracy();
        if (top <= floor) {
            return new Target(top, "the best cell's mean final validation accuracy (" + Numbers.percent(top) + "%, "
                    + best.name() + "), which does not beat the majority baseline's " + Numbers.percent(floor) + "%");
        }
        return new Target(floor + TARGET_FRACTION * (top - floor), Numbers.percentLevel(TARGET_FRACTION)
                + " of the way from the majority baseline's mean validation accuracy (" + Numbers.percent(floor)
                + "%) to the best cell's mean final validation accuracy (" + Numbers.percent(top) + "%, "
                + best.name() + ")");
    }
}
