package io.celebaspark.report;

import io.celebaspark.testing.ExperimentFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.GROWTH_WORSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The charts of a fixture report: which ones, their series, and each arm's colour in the pixels. */
class ReportChartsTest {
    private static final ExperimentData WORSE = ExperimentFixtures.experiment("x", GROWTH_WORSE, true);

    @Test
    void finalAccuracyThenFourChartsPerGridPointEachWithEveryArm() {
        Report report = ExperimentAnalysis.analyse(WORSE, ReportOptions.defaults());
        List<RenderedChart> charts = ReportCharts.render(report);
        assertEquals(List.of("final-accuracy.png",
                "alpha-2_optimizer-adam-val-acc-epochs.png", "alpha-2_optimizer-adam-val-acc-updates.png",
                "alpha-2_optimizer-adam-val-acc-time.png", "alpha-2_optimizer-adam-batch-lr.png",
                "alpha-4_optimizer-adam-val-acc-epochs.png", "alpha-4_optimizer-adam-val-acc-updates.png",
                "alpha-4_optimizer-adam-val-acc-time.png", "alpha-4_optimizer-adam-batch-lr.png"),
                charts.stream().map(RenderedChart::fileName).toList());
        ArmPalette palette = new ArmPalette(report.arms());
        charts.forEach(chart -> ChartAssertions.assertChart(chart, chart.png(), ExperimentFixtures.ARMS, palette));
        assertEquals("Validation accuracy vs parameter updates — alpha=2, optimizer=adam", charts.get(2).title());
        assertTrue(charts.get(0).caption().endsWith("majority-class baseline 67.83% (below the axis)"),
                "a baseline far below the accuracies is named, not drawn: " + charts.get(0).caption());
    }

    @Test
    void aPanelShowsOnlyItsArms() {
        ExperimentData twoArms = new ExperimentData("x", WORSE.runs().stream().filter(r -> !r.arm().equals("constant"))
                .toList(), WORSE.epochs(), WORSE.labelMetrics(), WORSE.events());
        Report report = ExperimentAnalysis.analyse(twoArms, ReportOptions.defaults());
        ArmPalette palette = new ArmPalette(report.arms());
        for (RenderedChart chart : ReportCharts.render(report)) {
            ChartAssertions.assertChart(chart, chart.png(), List.of("lr-decay", "batch-growth"), palette);
            assertEquals(0, ChartAssertions.count(ChartAssertions.decode(chart.png(), chart.fileName()),
                    new ArmPalette(ExperimentFixtures.ARMS).colour("constant")), chart.fileName());
        }
    }

    @Test
    void everyArmKeepsItsColourWhateverTheOtherArms() {
        ArmPalette all = new ArmPalette(List.of("lr-decay", "batch-growth", "constant", "mine", "yours"));
        ArmPalette some = new ArmPalette(List.of("batch-growth", "mine"));
        assertEquals(all.colour("batch-growth"), some.colour("batch-growth"));
        assertEquals("#d55e00", some.css("batch-growth"));
        assertNotEquals(all.colour("mine"), all.colour("yours"));
        assertEquals(5, List.of("lr-decay", "batch-growth", "constant", "mine", "yours").stream().map(all::colour)
                .distinct().count());
    }
}
