package io.celebaspark.report;

import io.celebaspark.config.ConfigLoader;
import io.celebaspark.config.ConfigReader;
import io.celebaspark.config.ConfigurationException;
import io.celebaspark.cost.EpochCost;
import io.celebaspark.cost.GivenCoefficients;
import io.celebaspark.cost.RoundTimeModel;
import io.celebaspark.cost.RoundTimes;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.testing.ExperimentFixtures;
import io.celebaspark.testing.MetricsFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.EQUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's cost on a cluster, on the generated experiment: its rounds timed by a known model. */
class ClusterCostTest {
    private static final String A2 = GridPoint.parse("schedule.alpha=2, train.optimizer=adam").label();
    private static final ReportOptions AT_90 = new ReportOptions("batch-growth", "lr-decay", 0.01, OptionalDouble.of(0.90));
    /** The generated runs' true round time: 1 s + 0.01 s per example + 0.1 s per worker. */
    private static final RoundTimeModel TRUE = new RoundTimeModel(1, 0.01, 0.1);

    /** The fixture (W = 2; b = 32, and 64 or 128 after batch-growth's plateau) metered with TRUE's round times. */
    private static ExperimentData metered(double noiseScale) {
        ExperimentData data = ExperimentFixtures.experiment("x", EQUAL, true);
        List<EpochRecord> epochs = data.epochs().stream().map(e -> MetricsFixtures.withCost(e, new EpochCost(2, 2,
                2 * e.epochSeconds(), e.epochSeconds(), new RoundTimes(36, TRUE.seconds(e.workers(), e.batchPerWorker())))))
                .toList();
        return new ExperimentData("x", data.runs(), epochs, data.labelMetrics(), data.events(), Double.isNaN(noiseScale)
                ? List.of() : epochs.stream().map(e -> new EpochNoise(e.runId(), e.epoch(), noiseScale, noiseScale, 1.0)).toList());
    }

    private static CostModelSettings settings(OptionalDouble c2) {
        return new CostModelSettings(new GivenCoefficients(OptionalDouble.empty(), OptionalDouble.empty(), c2), "", List.of(),
                4, 1, 162_770);
    }

    private static ClusterCost cost(ExperimentData data, OptionalDouble c2) {
        Report report = ExperimentAnalysis.analyse(data, AT_90);
        return ClusterCost.of(report, ClusterCost.observations(data.epochs()), "the experiment's runs", settings(c2));
    }

    private static List<String> row(Table table, String first, String second, String realisation) {
        return table.rows().stream().filter(r -> r.get(0).equals(first) && r.get(1).equals(second)
                && r.get(2).equals(realisation)).findFirst().orElseThrow(() -> new AssertionError(table.markdown()));
    }

    @Test
    void runsOnOneWorkerCountGiveNoForecastAndSayWhichKeyToSet() {
        ClusterCost cost = cost(metered(Double.NaN), OptionalDouble.empty());
        assertTrue(cost.runs().isEmpty() && cost.batches().isEmpty());
        assertTrue(cost.model().startsWith("No forecast: c2") && cost.model().contains("W = 2")
                && cost.model().contains("--set report.cost-model.c0|c1|c2=SECONDS"), cost.model());
    }

    @Test
    void eachRunsScheduleIsPricedBothWaysToTheTargetAndInAll() {
        ClusterCost cost = cost(metered(Double.NaN), OptionalDouble.of(0.1));
        assertTrue(cost.model().startsWith("Round time t_r(W, b) = 1.00 s + 0.0100 s × b + 0.100 s × W"), cost.model());
        assertTrue(cost.model().contains("c2 given: 0.1000 s per worker"), cost.model());
        Table runs = cost.runs().orElseThrow();
        // batch-growth at alpha 2 on 4 workers: epochs 1-3 at B = 64 (72 rounds), 4-6 at B = 128 (36 rounds);
        // the target at epoch 5. Scale-up: 4 × 16 (1.56 s), then 4 × 32 (1.72 s).
        List<String> up = row(runs, "batch-growth", A2, "scale-up");
        assertEquals(List.of("4 × 16 → 4 × 32", "4", "4 of 4", "–"), up.subList(3, 7));
        assertEquals("461 ± 0", up.get(7), "3·72·1.56 + 2·36·1.72 = 460.8 s");
        assertEquals("1843 ± 0", up.get(8));
        assertEquals("523 ± 0", up.get(9), "3·72·1.56 + 3·36·1.72 = 522.72 s");
        assertEquals("2091 ± 0", up.get(10));
        // Scale-out: 4 × 16, then 8 × 16 on 8 executors, 1.96 s: slower than scale-up's 1.72 s, c2·W outweighs c1·b.
        List<String> out = row(runs, "batch-growth", A2, "scale-out");
        assertEquals(List.of("4 × 16 → 8 × 16", "8"), out.subList(3, 5));
        assertEquals("478 ± 0", out.get(7), "336.96 + 2·36·1.96 = 478.08 s");
        assertEquals("2477 ± 0", out.get(8), "4·336.96 + 8·141.12 = 2476.8");
        assertEquals("549 ± 0", out.get(9));
        assertEquals("3041 ± 0", out.get(10));
        // lr-decay never changes the batch: both realisations cost the same.
        assertEquals(row(runs, "lr-decay", A2, "scale-up").subList(3, 11), row(runs, "lr-decay", A2, "scale-out").subList(3, 11));
        assertEquals("4 × 16", row(runs, "lr-decay", A2, "scale-out").get(3), "one layout throughout");
    }

    @Test
    void theBatchTableGivesAnEpochOfTheClusterAndTheCostOfAMinimalStepAtEachBatch() {
        ClusterCost cost = cost(metered(192), OptionalDouble.of(0.1));
        Table batches = cost.batches().orElseThrow();
        assertEquals(6, batches.rows().size(), "B = 64, 128, 256, each both ways");
        // B = 128 scale-out from 4 × 16: 8 × 16, 1.96 s; 162770/128 = 1271.6 rounds: 2492 s, 8 executors.
        // B_noise 192: 1 + 192/128 = 2.5 rounds per minimal step, 4.90 s, 39.20 core-seconds.
        assertEquals(List.of("128", "192 (12 epochs)", "scale-out", "8 × 16", "8", "1.96", "1272", "2492", "19939", "2.50",
                "4.90", "39.20"), row(batches, "128", "192 (12 epochs)", "scale-out"));
        assertEquals(List.of("4 × 32", "4", "1.72", "1272", "2187", "8749", "2.50", "4.30", "17.20"),
                row(batches, "128", "192 (12 epochs)", "scale-up").subList(3, 12));
        List<String> progress = row(cost.runs().orElseThrow(), "batch-growth", A2, "scale-up");
        // 3 · 72 / (1 + 3) + 2 · 36 / (1 + 1.5) = 54 + 28.8 minimal steps to the target.
        assertEquals("83 ± 0", progress.get(6));
    }

    @Test
    void theSectionIsInTheSummaryAndThePageOnlyWhenAsked() {
        ExperimentData data = metered(Double.NaN);
        Report report = ExperimentAnalysis.analyse(data, AT_90);
        Optional<ClusterCost> cost = Optional.of(cost(data, OptionalDouble.of(0.1)));
        String markdown = MarkdownSummary.render(report, cost);
        assertTrue(markdown.contains("## Cost on a cluster (predicted)") && markdown.contains("| arm | grid point | realised as"),
                markdown);
        assertTrue(HtmlReport.render(report, List.of(), cost).contains("<h2>Cost on a cluster (predicted)</h2>"));
        assertTrue(!MarkdownSummary.render(report).contains("Cost on a cluster"));
    }

    @Test
    void theKeysAreReadAndBadValuesNamed() {
        CostModelSettings defaults = CostModelSettings.from(new ConfigReader(ConfigLoader.load(null, Map.of())));
        assertEquals(GivenCoefficients.none(), defaults.given());
        assertEquals(List.of("", List.of(), 4, 1, 162_770L), List.of(defaults.fitMetrics(), defaults.fitRuns(),
                defaults.workers(), defaults.executorCores(), defaults.trainingExamples()));
        CostModelSettings given = CostModelSettings.from(new ConfigReader(ConfigLoader.load(null,
                Map.of("report.cost-model.c2", "0.05", "report.cost-model.c0", "fit", "report.cost-model.workers", "16",
                        "report.cost-model.fit-runs", "[a, b]"))));
        assertEquals(new GivenCoefficients(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(0.05)),
                given.given());
        assertEquals(16, given.workers());
        assertEquals(List.of("a", "b"), given.fitRuns());
        assertTrue(given.fitsTo("a") && !given.fitsTo("c") && defaults.fitsTo("c"));
        for (String bad : List.of("-1", "abc")) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> CostModelSettings.from(
                    new ConfigReader(ConfigLoader.load(null, Map.of("report.cost-model.c1", bad)))));
            assertTrue(e.getMessage().startsWith("report.cost-model.c1 = \"" + bad + "\" is invalid")
                    && e.getMessage().contains("must be fit"), e.getMessage());
        }
        assertThrows(ConfigurationException.class, () -> CostModelSettings.from(
                new ConfigReader(ConfigLoader.load(null, Map.of("report.cost-model.executor-cores", "0")))));
    }
}
