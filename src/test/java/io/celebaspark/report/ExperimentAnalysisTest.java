package io.celebaspark.report;

import io.celebaspark.metrics.tables.LabelMetricsRecord;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.testing.ExperimentFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.EQUAL;
import static io.celebaspark.testing.ExperimentFixtures.Outcome.GROWTH_WORSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysis on hand-made experiments whose numbers are known (see {@link ExperimentFixtures}). */
class ExperimentAnalysisTest {
    private static final String A2 = "schedule.alpha=2, train.optimizer=adam";
    private static final String A4 = "schedule.alpha=4, train.optimizer=adam";
    private static final ExperimentData WORSE = ExperimentFixtures.experiment("x", GROWTH_WORSE, true);

    private static Report analyse(ExperimentData data) {
        return ExperimentAnalysis.analyse(data, ReportOptions.defaults());
    }

    private static Cell cell(Report report, String arm, String point) {
        return report.cells().stream().filter(c -> c.arm().equals(arm) && c.point().equals(GridPoint.parse(point)))
                .findFirst().orElseThrow();
    }

    @Test
    void cellsPanelsAndTheArmWithoutAlphaInEveryPanel() {
        Report report = analyse(WORSE);
        assertEquals(ExperimentFixtures.ARMS, report.arms());
        assertEquals(ExperimentFixtures.LABELS, report.labels());
        assertEquals(5, report.cells().size());
        assertEquals(List.of(GridPoint.parse(A2), GridPoint.parse(A4)), report.panels().stream().map(Panel::point).toList());
        for (Panel panel : report.panels()) {
            assertEquals(ExperimentFixtures.ARMS, panel.cells().stream().map(Cell::arm).toList());
            assertEquals(GridPoint.parse("train.optimizer=adam"), panel.cells().get(2).point());
            Comparison c = panel.comparison().orElseThrow();
            assertEquals("batch-growth", c.treatment().arm());
            assertEquals("lr-decay", c.control().arm());
            assertEquals(panel.point(), c.treatment().point());
        }
        assertTrue(report.cells().stream().allMatch(c -> c.runs().size() == ExperimentFixtures.SEEDS));
    }

    @Test
    void unfinishedRunsAreListedWithTheirReason() {
        Report report = analyse(WORSE);
        assertEquals(List.of("x-failed: not finished: DataBuffer released", "x-running: not finished"),
                report.excluded().stream().map(e -> e.run().runId() + ": " + e.reason()).toList());
        assertTrue(report.cells().stream().flatMap(c -> c.runs().stream())
                .noneMatch(r -> r.run().runId().contains("failed") || r.run().runId().contains("running")));
    }

    @Test
    void summariesOverSeedsPerLabelAndTheBaselineOfTheComparedSplit() {
        Report report = analyse(WORSE);
        assertEquals(MetricSource.TEST, report.source());
        Cell control = cell(report, "lr-decay", A2);
        assertEquals(0.92, control.accuracy().mean(), 1e-12);
        assertEquals(Math.sqrt(18e-6 / 3), control.accuracy().sd(), 1e-12, "sd of the seed offsets");
        assertEquals(0.93, control.labelAccuracy("Eyeglasses").mean(), 1e-12);
        assertEquals(0.63, control.labelBalancedAccuracy("Eyeglasses").mean(), 1e-12);
        assertEquals(0.92 - (0.3 + 0.04 + 0.02) / 3, control.balancedAccuracy().mean(), 1e-12);
        assertEquals(0.935, report.baseline().accuracyByLabel().get("Eyeglasses"), 1e-12, "test: 65 of 1000 positive");
        assertEquals(0.58, report.baseline().accuracyByLabel().get("Male"), 1e-12);
        assertEquals(0.52, report.baseline().accuracyByLabel().get("Smiling"), 1e-12);
        assertEquals("LR_DECAYED 1.0, PLATEAU 1.0", control.decisionsPerRun());
        assertEquals(MetricSource.VAL, analyse(ExperimentFixtures.experiment("v", EQUAL, false)).source());
    }

    @Test
    void theDefaultTargetLiesNinetyPercentOfTheWayFromTheBaselineToTheBestCell() {
        Report report = analyse(WORSE);
        double valBaseline = ((1 - 26 / 780.0) + (1 - 330 / 780.0) + (1 - 380 / 780.0)) / 3;
        double best = 0.924 + 0.003;  // lr-decay at alpha 4, validation 0.3 points above test
        assertEquals(valBaseline + 0.9 * (best - valBaseline), report.target().value(), 1e-12);
        assertTrue(report.target().rule().startsWith("90% of the way from the majority baseline's mean validation"
                + " accuracy (68.55%) to the best cell's mean final validation accuracy (92.70%, lr-decay @ "
                + A4 + ")"), report.target().rule());
    }

    @Test
    void updatesAndWallTimeToAGivenTarget() {
        Report report = ExperimentAnalysis.analyse(WORSE, new ReportOptions("batch-growth", "lr-decay", 0.01,
                OptionalDouble.of(0.90)));
        assertEquals("given with --target", report.target().rule());
        Cell.ReachSummary control = cell(report, "lr-decay", A2).reach(0.90);
        assertEquals(4, control.reached(), "every seed crosses 90% at epoch 5");
        assertEquals(5 * 72, control.updates().orElseThrow().mean(), 1e-9, "72 updates per epoch at batch 64");
        assertEquals(5 * (100 + 2.5), control.seconds().orElseThrow().mean(), 1e-9);
        Cell.ReachSummary growth = cell(report, "batch-growth", A2).reach(0.90);
        assertEquals(0, growth.reached());
        assertTrue(growth.updates().isEmpty());
        assertEquals(3 * 72 + 3 * 36, cell(report, "batch-growth", A2).totalUpdates().mean(), 1e-9,
                "half the updates per epoch after the batch doubled");
    }

    @Test
    void verdictsBothWays() {
        for (Comparison c : analyse(WORSE).comparisons()) {
            assertEquals("the null hypothesis is rejected at the 5% level; the arms are not equivalent within ±1.0 points",
                    c.verdict());
            assertTrue(c.pWorse() < 1e-6);
        }
        for (Comparison c : analyse(ExperimentFixtures.experiment("e", EQUAL, true)).comparisons()) {
            assertEquals("the null hypothesis is not rejected at the 5% level; the arms are equivalent within ±1.0 points",
                    c.verdict());
            assertTrue(c.tostInterval().low() > -0.01 && c.tostInterval().high() < 0.01);
        }
        Report swapped = ExperimentAnalysis.analyse(WORSE, new ReportOptions("lr-decay", "batch-growth", 0.01,
                OptionalDouble.empty()));
        for (Comparison c : swapped.comparisons()) {
            assertFalse(c.rejected(), "lr-decay is better, not worse");
            assertFalse(c.equivalent());
            assertTrue(c.pWorse() > 0.999);
        }
        assertTrue(swapped.overallVerdict().startsWith("Overall (lr-decay against batch-growth, 2 grid points tested):"
                + " the null hypothesis is rejected at 0 of 2"), swapped.overallVerdict());
    }

    @Test
    void tooFewSeedsSayNotEnoughSeedsInsteadOfNaN() {
        Report report = analyse(withoutRuns(r -> r.arm().equals("batch-growth") && r.gridPoint().equals(A2) && r.seed() > 1));
        Comparison a2 = report.panels().get(0).comparison().orElseThrow();
        assertFalse(a2.testable());
        assertFalse(a2.rejected());
        assertEquals("no test: not enough seeds: a t test needs at least 2 finished runs per arm, got 1 and 4", a2.verdict());
        assertTrue(report.panels().get(1).comparison().orElseThrow().testable());
        assertTrue(report.overallVerdict().contains("1 of 2 grid points could not be tested"), report.overallVerdict());
        String markdown = MarkdownSummary.render(report);
        assertTrue(markdown.contains("| no test: not enough seeds"), markdown);
        assertFalse(markdown.contains("NaN"), markdown);
    }

    @Test
    void aGridPointWithOnlyOneOfTheArmsHasNoTest() {
        Report report = analyse(withoutRuns(r -> r.arm().equals("lr-decay")));
        assertTrue(report.comparisons().isEmpty());
        assertEquals("Overall: no grid point has finished runs of both batch-growth and lr-decay, so there is no test.",
                report.overallVerdict());
    }

    @Test
    void aRunScoredOnOtherLabelsIsLeftOutNamingThem() {
        String odd = "x-constant-s1";
        ExperimentData data = new ExperimentData("x", WORSE.runs(), WORSE.epochs(), WORSE.labelMetrics().stream()
                .filter(m -> !(m.runId().equals(odd) && m.metrics().label().equals("Smiling"))).toList(), WORSE.events());
        Report report = analyse(data);
        ExcludedRun excluded = report.excluded().stream().filter(e -> e.run().runId().equals(odd)).findFirst().orElseThrow();
        assertEquals("its labels [Eyeglasses, Male] differ from the other runs' [Eyeglasses, Male, Smiling]",
                excluded.reason());
    }

    @Test
    void noFinishedRunIsNothingToReport() {
        NothingToReportException e = assertThrows(NothingToReportException.class,
                () -> analyse(withoutRuns(r -> r.status() == io.celebaspark.metrics.tables.RunStatus.FINISHED)));
        assertEquals("experiment 'x' has no finished run to report on (2 runs: x-failed (FAILED): not finished:"
                + " DataBuffer released; x-running (RUNNING): not finished)", e.getMessage());
    }

    private static ExperimentData withoutRuns(Predicate<RunRecord> drop) {
        List<RunRecord> runs = WORSE.runs().stream().filter(drop.negate()).toList();
        List<String> kept = runs.stream().map(RunRecord::runId).toList();
        List<LabelMetricsRecord> metrics = WORSE.labelMetrics().stream().filter(m -> kept.contains(m.runId())).toList();
        return new ExperimentData("x", runs, WORSE.epochs(), metrics, WORSE.events());
    }
}
