package io.celebaspark.report;

import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.report.stats.SampleSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The report's tables, as plain cells: accuracies in percent, summaries as mean ± sd over seeds with the
 * 95% t interval of the mean beside them.
 */
final class ReportTables {
    private ReportTables() {
    }

    /** Per grid point with both arms: the two arms' accuracy, the difference, both tests and the verdict. */
    static Table verdicts(Report report) {
        ReportOptions o = report.options();
        List<List<String>> rows = new ArrayList<>();
        for (Comparison c : report.comparisons()) {
            boolean testable = c.testable();
            rows.add(List.of(c.point().label(),
                    seeds(c.treatment().accuracy()), seeds(c.control().accuracy()),
                    Numbers.signedPoints(c.treatment().accuracy().mean() - c.control().accuracy().mean())
                            + (testable ? " " + pointsInterval(c) : ""),
                    testable ? Numbers.pValue(c.pWorse()) : "–",
                    testable ? Numbers.pValue(c.tost().p()) : "–",
                    c.verdict()));
        }
        return new Table(List.of("grid point", o.treatment() + " acc % (seeds)", o.control() + " acc % (seeds)",
                "difference, points [90% CI]", "Welch p, one-sided (H1: " + o.treatment() + " < " + o.control() + ")",
                "TOST p (±" + Numbers.points(o.margin()) + " points)", "verdict"), rows);
    }

    /** Final accuracy per cell: per label, mean over labels, balanced accuracy; the majority baseline last. */
    static Table finalAccuracy(Report report) {
        List<String> headers = new ArrayList<>(List.of("arm", "grid point", "schedule", "α", "optimizer", "seeds"));
        report.labels().forEach(l -> headers.add(l + " %"));
        headers.addAll(List.of("mean acc %", "95% CI", "balanced acc %", "95% CI"));
        List<List<String>> rows = new ArrayList<>();
        for (Cell cell : report.cells()) {
            List<String> row = new ArrayList<>(List.of(cell.arm(), cell.point().label(),
                    cell.distinct(r -> r.run().schedule()), cell.distinct(r -> Numbers.compact(r.run().alpha())),
                    cell.distinct(r -> r.run().optimizer()), String.valueOf(cell.runs().size())));
            report.labels().forEach(l -> row.add(Numbers.percentSummary(cell.labelAccuracy(l))));
            row.addAll(List.of(Numbers.percentSummary(cell.accuracy()), Numbers.percentCi95(cell.accuracy()),
                    Numbers.percentSummary(cell.balancedAccuracy()), Numbers.percentCi95(cell.balancedAccuracy())));
            rows.add(row);
        }
        List<String> baseline = new ArrayList<>(List.of("majority-class baseline", "", "", "", "", ""));
        report.labels().forEach(l -> baseline.add(Numbers.percent(report.baseline().accuracyByLabel().get(l))));
        baseline.addAll(List.of(Numbers.percent(report.baseline().meanAccuracy()), "", Numbers.percent(0.5), ""));
        rows.add(baseline);
        return new Table(headers, rows);
    }

    /** Balanced accuracy per label and cell. */
    static Table balancedAccuracy(Report report) {
        List<String> headers = new ArrayList<>(List.of("arm", "grid point", "seeds"));
        report.labels().forEach(l -> headers.add(l + " balanced %"));
        List<List<String>> rows = report.cells().stream().map(cell -> Stream.concat(
                        Stream.of(cell.arm(), cell.point().label(), String.valueOf(cell.runs().size())),
                        report.labels().stream().map(l -> Numbers.percentSummary(cell.labelBalancedAccuracy(l))))
                .toList()).toList();
        return new Table(headers, rows);
    }

    /**
     * Updates (raw and effective: {@link ScoredRun#effectiveUpdates()}, "–" without noise-scale measurements),
     * wall time and core-seconds to the target, totals, and the controller's decisions per cell.
     */
    static Table toTarget(Report report) {
        double target = report.target().value();
        List<List<String>> rows = new ArrayList<>();
        for (Cell cell : report.cells()) {
            Cell.ReachSummary reach = cell.reach(target);
            rows.add(List.of(cell.arm(), cell.point().label(), reach.reached() + " of " + reach.runs(),
                    reach.updates().map(Numbers::countSummary).orElse("–"),
                    reach.effectiveUpdates().map(Numbers::countSummary).orElse("–"),
                    reach.seconds().map(Numbers::countSummary).orElse("–"),
                    reach.coreSeconds().map(Numbers::countSummary).orElse("–"),
                    Numbers.countSummary(cell.totalUpdates()),
                    cell.totalEffectiveUpdates().map(Numbers::countSummary).orElse("–"),
                    Numbers.countSummary(cell.totalSeconds()),
                    cell.totalCoreSeconds().map(Numbers::countSummary).orElse("–"),
                    cell.decisionsPerRun().isEmpty() ? "none" : cell.decisionsPerRun()));
        }
        return new Table(List.of("arm", "grid point", "reached target", "updates to target",
                "effective updates to target", "wall time to target (s)", "core-seconds to target", "updates in all",
                "effective updates in all", "wall time in all (s)", "core-seconds in all",
                "controller decisions per run (mean)"), rows);
    }

    /** Every counted run with its own score. */
    static Table runs(Report report) {
        List<List<String>> rows = report.cells().stream().flatMap(cell -> cell.runs().stream().map(r -> List.of(
                r.run().runId(), cell.arm(), cell.point().label(), String.valueOf(r.run().seed()),
                String.valueOf(r.run().finalEpoch()), Numbers.percent(r.scores().meanAccuracy()),
                Numbers.percent(r.scores().meanBalancedAccuracy()), Numbers.percent(r.finalValAccuracy()))))
                .toList();
        return new Table(List.of("run", "arm", "grid point", "seed", "final epoch", "acc % (" + report.source().split()
                + ")", "balanced acc %", "final val acc %"), rows);
    }

    /** The runs no statistic counts, with the reason. */
    static Table excluded(Report report) {
        List<List<String>> rows = report.excluded().stream().map(e -> {
            RunRecord r = e.run();
            return List.of(r.runId(), ExperimentAnalysis.arm(r),
                    GridPoint.parse(r.gridPoint()).label(), String.valueOf(r.seed()), r.status().name(), e.reason());
        }).toList();
        return new Table(List.of("run", "arm", "grid point", "seed", "status", "why left out"), rows);
    }

    private static String seeds(SampleSummary s) {
        return Numbers.percentSummary(s) + " (" + s.n() + ")";
    }

    private static String pointsInterval(Comparison c) {
        var ci = c.tostInterval();
        return "[" + Numbers.signedPoints(ci.low()) + ", " + Numbers.signedPoints(ci.high()) + "]";
    }
}
