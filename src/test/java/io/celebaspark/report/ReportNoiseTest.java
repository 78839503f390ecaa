package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.testing.ExperimentFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.GROWTH_WORSE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradient noise scale in the report: its chart per panel and the effective updates, with and without it. */
class ReportNoiseTest {
    private static final ExperimentData PLAIN = ExperimentFixtures.experiment("x", GROWTH_WORSE, true);
    /** B_noise (pooled) = 40 examples per epoch: 40, 80, ... 240, for every run's epochs. */
    private static final ExperimentData NOISY = new ExperimentData("x", PLAIN.runs(), PLAIN.epochs(),
            PLAIN.labelMetrics(), PLAIN.events(), PLAIN.epochs().stream()
            .map(e -> new EpochNoise(e.runId(), e.epoch(), 1.0, 40.0 * e.epoch(), 4.0)).toList());

    private static Cell cell(Report report, String arm) {
        return report.cells().stream().filter(c -> c.arm().equals(arm) && c.point().label().contains("alpha=2"))
                .findFirst().orElseThrow();
    }

    @Test
    void aPanelGetsTheNoiseChartWithEachArmsBatchAndNoiseScaleOnlyWhenMeasured() {
        List<RenderedChart> plain = ReportCharts.render(ExperimentAnalysis.analyse(PLAIN, ReportOptions.defaults()));
        assertTrue(plain.stream().noneMatch(c -> c.fileName().contains("noise")), "no noise chart without noise");

        Report report = ExperimentAnalysis.analyse(NOISY, ReportOptions.defaults());
        List<RenderedChart> charts = ReportCharts.render(report);
        assertEquals(plain.size() + 2, charts.size(), "one more chart per panel");
        RenderedChart noise = charts.stream().filter(c -> c.fileName().equals("alpha-2_optimizer-adam-noise-scale.png"))
                .findFirst().orElseThrow();
        assertEquals(charts.indexOf(noise) - 1, charts.stream().map(RenderedChart::fileName).toList()
                .indexOf("alpha-2_optimizer-adam-batch-lr.png"), "after the panel's batch and learning rate chart");
        assertEquals(List.of("lr-decay: global batch", "lr-decay: B_noise", "batch-growth: global batch",
                "batch-growth: B_noise", "constant: global batch", "constant: B_noise"), noise.series());
        ArmPalette palette = new ArmPalette(report.arms());
        var image = ChartAssertions.decode(noise.png(), noise.fileName());
        for (String arm : ExperimentFixtures.ARMS) {
            assertTrue(ChartAssertions.count(image, palette.colour(arm)) >= 30, arm + " is drawn");
        }
        assertTrue(noise.caption().contains("dashed: gradient noise scale"), noise.caption());
    }

    @Test
    void effectiveUpdatesCountEachEpochsUpdatesTimesItsGain() {
        Report report = ExperimentAnalysis.analyse(NOISY, ReportOptions.defaults());
        ScoredRun growth = cell(report, "batch-growth").runs().get(0);
        List<EpochRecord> epochs = growth.epochs();
        double expected = 0;
        long before = 0;
        for (EpochRecord e : epochs) {
            double b = 40.0 * e.epoch();
            expected += (e.updates() - before) * (1 + b / 64) / (1 + b / e.globalBatch());
            before = e.updates();
        }
        double[] effective = growth.effectiveUpdates();
        assertEquals(expected, effective[effective.length - 1], 1e-9);
        assertEquals(epochs.get(0).updates(), effective[0], 1e-9, "the first epoch is at B0");
        assertTrue(effective[effective.length - 1] > epochs.get(epochs.size() - 1).updates(),
                "the grown batch's updates are worth more than one each");
        ScoredRun decay = cell(report, "lr-decay").runs().get(0);
        assertEquals(decay.epochs().get(decay.epochs().size() - 1).updates(),
                decay.effectiveUpdates()[decay.epochs().size() - 1], 1e-9, "at B0 throughout: equal to the updates");
        assertEquals(expected, cell(report, "batch-growth").totalEffectiveUpdates().orElseThrow().mean(), 1e-9,
                "the seeds share their updates and batches");
    }

    @Test
    void theTargetTableShowsEffectiveUpdatesBesideUpdatesOrADashWithoutNoise() {
        Table noisy = ReportTables.toTarget(ExperimentAnalysis.analyse(NOISY, ReportOptions.defaults()));
        Table plain = ReportTables.toTarget(ExperimentAnalysis.analyse(PLAIN, ReportOptions.defaults()));
        List<String> headers = noisy.headers();
        assertEquals(headers.indexOf("updates to target") + 1, headers.indexOf("effective updates to target"));
        assertEquals(headers.indexOf("updates in all") + 1, headers.indexOf("effective updates in all"));
        int column = headers.indexOf("effective updates in all");
        Set<String> plainCells = plain.rows().stream().map(r -> r.get(column)).collect(Collectors.toSet());
        assertEquals(Set.of("–"), plainCells, "unknown without a noise scale");
        Map<String, String> byArm = noisy.rows().stream().filter(r -> r.get(1).contains("alpha=2"))
                .collect(Collectors.toMap(r -> r.get(0), r -> r.get(column)));
        assertFalse(byArm.get("batch-growth").equals("–"), byArm.toString());
        String html = HtmlReport.render(ExperimentAnalysis.analyse(NOISY, ReportOptions.defaults()), List.of());
        assertTrue(html.contains("Effective updates are AdaptDL"), "the report defines the column");
        assertTrue(html.contains("BatchNorm couples"), "and states the noise scale's caveats");
        assertFalse(HtmlReport.render(ExperimentAnalysis.analyse(PLAIN, ReportOptions.defaults()), List.of())
                .contains("BatchNorm couples"), "only when the runs measured it");
    }
}
