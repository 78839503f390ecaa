package io.celebaspark.report;

import io.celebaspark.cost.EpochCost;
import io.celebaspark.cost.RoundTimes;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.testing.ExperimentFixtures;
import io.celebaspark.testing.MetricsFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.EQUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core-seconds to the target beside updates and wall time: with the cost columns, without, and with some. */
class CostToTargetTest {
    private static final String A2 = "schedule.alpha=2, train.optimizer=adam";
    private static final ReportOptions AT_90 = new ReportOptions("batch-growth", "lr-decay", 0.01, OptionalDouble.of(0.90));
    private static final ExperimentData UNMETERED = ExperimentFixtures.experiment("x", EQUAL, true);

    /** The fixture's epochs metered as if two 1-core executors were held for each epoch's seconds. */
    private static ExperimentData metered(ExperimentData data, Predicate<EpochRecord> which) {
        return new ExperimentData(data.experiment(), data.runs(), data.epochs().stream()
                .map(e -> which.test(e) ? MetricsFixtures.withCost(e, new EpochCost(2, 2, 2 * e.epochSeconds(), e.epochSeconds(),
                        new RoundTimes(36, 1.3))) : e).toList(), data.labelMetrics(), data.events());
    }

    private static Cell cell(Report report, String arm) {
        return report.cells().stream().filter(c -> c.arm().equals(arm) && c.point().equals(GridPoint.parse(A2)))
                .findFirst().orElseThrow();
    }

    private static List<String> row(Table table, String arm) {
        return table.rows().stream().filter(r -> r.get(0).equals(arm) && r.get(1).equals(GridPoint.parse(A2).label()))
                .findFirst().orElseThrow();
    }

    @Test
    void meteredRunsGiveCoreSecondsToTheTargetAndInAllBesideTheWallTime() {
        Report report = ExperimentAnalysis.analyse(metered(UNMETERED, e -> true), AT_90);
        Cell.ReachSummary control = cell(report, "lr-decay").reach(0.90);
        assertEquals(4, control.reached());
        assertEquals(5 * 102.5, control.seconds().orElseThrow().mean(), 1e-9, "every seed reaches at epoch 5");
        assertEquals(2 * 5 * 102.5, control.coreSeconds().orElseThrow().mean(), 1e-9);
        Cell.ReachSummary growth = cell(report, "batch-growth").reach(0.90);
        assertEquals(2 * (3 * 102.5 + 2 * 82.5), growth.coreSeconds().orElseThrow().mean(), 1e-9,
                "epochs after the growth are shorter");
        assertEquals(2 * (3 * 102.5 + 3 * 82.5), cell(report, "batch-growth").totalCoreSeconds().orElseThrow().mean(), 1e-9);

        Table table = ReportTables.toTarget(report);
        assertEquals(List.of("arm", "grid point", "reached target", "updates to target",
                "effective updates to target", "wall time to target (s)", "core-seconds to target", "updates in all",
                "effective updates in all", "wall time in all (s)", "core-seconds in all",
                "controller decisions per run (mean)"), table.headers());
        List<String> lrDecay = row(table, "lr-decay");
        assertEquals("1025 ± 13", lrDecay.get(6));
        assertEquals("1230 ± 15", lrDecay.get(10));
    }

    @Test
    void theCostChartShowsEveryArmWhenTheRunsWereMetered() {
        Report report = ExperimentAnalysis.analyse(metered(UNMETERED, e -> true), AT_90);
        List<RenderedChart> charts = ReportCharts.render(report);
        assertEquals("cost-to-target.png", charts.get(1).fileName());
        assertEquals("Wall time and core-seconds to 90.00% validation accuracy", charts.get(1).title());
        ArmPalette palette = new ArmPalette(report.arms());
        ChartAssertions.assertChart(charts.get(1), charts.get(1).png(), ExperimentFixtures.ARMS, palette);
        assertEquals(2 + 4 * report.panels().size(), charts.size());
    }

    @Test
    void tablesWithoutTheCostColumnsReportADashAndNoCostChart() {
        Report report = ExperimentAnalysis.analyse(UNMETERED, AT_90);
        Cell.ReachSummary control = cell(report, "lr-decay").reach(0.90);
        assertEquals(4, control.reached());
        assertTrue(control.seconds().isPresent());
        assertTrue(control.coreSeconds().isEmpty());
        assertTrue(cell(report, "lr-decay").totalCoreSeconds().isEmpty());
        List<String> lrDecay = row(ReportTables.toTarget(report), "lr-decay");
        assertEquals("–", lrDecay.get(6));
        assertEquals("–", lrDecay.get(10));
        assertFalse(ReportCharts.render(report).stream().anyMatch(c -> c.fileName().equals("cost-to-target.png")));
    }

    @Test
    void aRunWithAnUnmeteredEpochBeforeTheTargetLeavesItsCellWithoutCoreSeconds() {
        String oneSeed = cell(ExperimentAnalysis.analyse(UNMETERED, AT_90), "lr-decay").runs().get(0).run().runId();
        Report report = ExperimentAnalysis.analyse(metered(UNMETERED, e -> !(e.runId().equals(oneSeed) && e.epoch() == 2)),
                AT_90);
        assertTrue(TargetReach.first(cell(report, "lr-decay").runs().get(0).epochs(), 0.90).orElseThrow()
                .coreSeconds().isEmpty());
        assertTrue(cell(report, "lr-decay").reach(0.90).coreSeconds().isEmpty(), "not a mean over some of the seeds");
        assertTrue(cell(report, "batch-growth").reach(0.90).coreSeconds().isPresent());
    }
}
