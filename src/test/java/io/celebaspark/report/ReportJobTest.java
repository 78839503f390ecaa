package io.celebaspark.report;

import io.celebaspark.cli.Main;
import io.celebaspark.cost.EpochCost;
import io.celebaspark.cost.GivenCoefficients;
import io.celebaspark.cost.RoundTimeModel;
import io.celebaspark.cost.RoundTimes;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.LabelMetricsRecord;
import io.celebaspark.metrics.tables.MetricsTablesNotFoundException;
import io.celebaspark.testing.ExperimentFixtures;
import io.celebaspark.testing.SharedSparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.EQUAL;
import static io.celebaspark.testing.ExperimentFixtures.Outcome.GROWTH_WORSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report end to end on Delta tables: two fixture experiments whose answers are known (batch growth 5
 * points worse, with test metrics; the arms equal, validation only), read through Spark SQL, analysed and
 * written; and the {@code report} command with its errors.
 */
class ReportJobTest extends SharedSparkSession {
    private static final String WORSE = "growth-worse";
    private static final String EQUAL_ARMS = "arms-equal";
    private static final ExperimentData WORSE_DATA = ExperimentFixtures.experiment(WORSE, GROWTH_WORSE, true);
    private static final ExperimentData EQUAL_DATA = ExperimentFixtures.experiment(EQUAL_ARMS, EQUAL, false);
    @TempDir
    static Path dir;
    private static String metrics;

    @BeforeAll
    static void writeTables() {
        metrics = dir.resolve("metrics").toString();
        ExperimentFixtures.write(spark(), metrics, List.of(WORSE_DATA, EQUAL_DATA));
    }

    private static ReportResult report(String experiment) {
        return ReportJob.run(spark(), new ReportRequest(metrics, experiment, dir.resolve("report-" + experiment),
                ReportOptions.defaults()));
    }

    @Test
    void batchGrowthClearlyWorseIsRejectedAndNotEquivalent() throws IOException {
        ReportResult result = report(WORSE);
        assertReadBack(result.data());
        assertFiles(result);
        Report report = result.report();
        assertEquals(MetricSource.TEST, report.source());
        assertEquals(2, report.comparisons().size());
        for (Comparison c : report.comparisons()) {
            assertTrue(c.rejected(), c.verdict());
            assertFalse(c.equivalent(), c.verdict());
            assertEquals(-0.05, c.treatment().accuracy().mean() - c.control().accuracy().mean(), 1e-9);
        }
        assertTrue(result.files().markdown().contains(
                "| the null hypothesis is rejected at the 5% level; the arms are not equivalent within ±1.0 points |"),
                result.files().markdown());
        assertTrue(report.overallVerdict().contains("rejected at 2 of 2"), report.overallVerdict());
    }

    @Test
    void theCostOnAClusterIsFittedToTheMeteredEpochsOfAnotherMetricsFolder() {
        ExperimentData data = ExperimentFixtures.experiment("timing", EQUAL, false);
        RoundTimeModel truth = new RoundTimeModel(1, 0.01, 0.1);
        // lr-decay's runs on 4 workers, the others on 2: W and b both vary, so all three coefficients fit.
        List<EpochRecord> timed = data.epochs().stream().map(e -> {
            int workers = e.runId().contains("lr-decay") ? 4 : 2;
            return new EpochRecord(e.runId(), e.epoch(), e.globalBatch(), e.batchPerWorker(), workers, e.learningRate(),
                    e.updates(), e.examplesSeen(), e.trainLoss(), e.valLoss(), e.valAccMean(), e.valBalancedAccMean(),
                    e.epochSeconds(), e.examplesPerSecond(), e.at(), new EpochCost(workers, workers, 100, 90,
                    new RoundTimes(36, truth.seconds(workers, e.batchPerWorker()))));
        }).toList();
        String timing = dir.resolve("timing-metrics").toString();
        ExperimentFixtures.write(spark(), timing, List.of(new ExperimentData("timing", data.runs(), timed,
                data.labelMetrics(), data.events())));
        CostModelSettings settings = new CostModelSettings(GivenCoefficients.none(), timing, List.of(), 4, 1, 162_770);
        String markdown = ReportJob.run(spark(), new ReportRequest(metrics, WORSE, dir.resolve("report-cost"),
                ReportOptions.defaults(), Optional.of(settings))).files().markdown();
        assertTrue(markdown.contains("## Cost on a cluster (predicted)\n\nRound time t_r(W, b) = 1.00 s + 0.0100 s × b"
                + " + 0.100 s × W (fitted to " + timed.size() + " metered epochs"), markdown);
        assertTrue(markdown.contains("of the runs under " + timing), markdown);
        assertTrue(markdown.contains("| batch-growth | schedule.alpha=2, train.optimizer=adam | scale-out | 4 × 16 → 8 × 16 | 8 |"),
                markdown);

        // One run on one (W, b): nothing to fit c1 and c2 to, and the report says so instead of failing.
        CostModelSettings oneRun = new CostModelSettings(GivenCoefficients.none(), timing, List.of("timing-lr-decay-a2-s1"),
                4, 1, 162_770);
        String none = ReportJob.run(spark(), new ReportRequest(metrics, WORSE, dir.resolve("report-cost-none"),
                ReportOptions.defaults(), Optional.of(oneRun))).files().markdown();
        assertTrue(none.contains("No forecast: c1 (seconds per example per worker) cannot be fitted")
                && none.contains("(only timing-lr-decay-a2-s1)") && !none.contains("| realised as |"), none);
    }

    @Test
    void equalArmsAreNotRejectedAndEquivalent() throws IOException {
        ReportResult result = report(EQUAL_ARMS);
        assertFiles(result);
        Report report = result.report();
        assertEquals(MetricSource.VAL, report.source(), "the fixture has no test split");
        assertEquals(2, report.comparisons().size());
        for (Comparison c : report.comparisons()) {
            assertFalse(c.rejected(), c.verdict());
            assertTrue(c.equivalent(), c.verdict());
        }
        assertTrue(result.files().markdown().contains(
                "| the null hypothesis is not rejected at the 5% level; the arms are equivalent within ±1.0 points |"),
                result.files().markdown());
        String html = Files.readString(result.files().index());
        assertTrue(html.contains("the final epoch&#39;s accuracy on the validation split"), "says which split it used");
    }

    @Test
    void theNoiseColumnsAreReadWhereTheEpochsTableHasThem() {
        assertTrue(report(WORSE).data().noise().isEmpty(), "a table without the columns has no noise scale");
        String noisy = dir.resolve("noisy-metrics").toString();
        ExperimentFixtures.write(spark(), noisy, List.of(WORSE_DATA));
        spark().read().format("delta").load(noisy + "/epochs")
                .withColumn(EpochNoise.NOISE_SCALE_POOLED, functions.when(functions.col("epoch").gt(1),
                        functions.col("epoch").multiply(100.0)))
                .withColumn(EpochNoise.NOISE_SCALE, functions.lit(null).cast("double"))
                .write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(noisy + "/epochs");
        List<EpochNoise> noise = ExperimentTables.load(spark(), noisy, WORSE).noise();
        assertEquals(WORSE_DATA.epochs().stream().filter(e -> e.epoch() > 1).count(), noise.size(),
                "epochs with no value in any noise column are left out");
        for (EpochNoise n : noise) {
            assertEquals(100.0 * n.epoch(), n.pooled(), 1e-12);
            assertEquals(null, n.noiseScale(), "a null stays null");
            assertEquals(null, n.standardError(), "a column the table lacks reads as null");
            assertEquals(100.0 * n.epoch(), n.epochNoiseScale(), 1e-12);
        }
    }

    /** The experiment's rows come back as written, with label metrics of the final epochs only. */
    private static void assertReadBack(ExperimentData loaded) {
        assertEquals(new HashSet<>(WORSE_DATA.runs()), new HashSet<>(loaded.runs()));
        assertEquals(new HashSet<>(WORSE_DATA.epochs()), new HashSet<>(loaded.epochs()));
        assertEquals(new HashSet<>(WORSE_DATA.events()), new HashSet<>(loaded.events()));
        List<LabelMetricsRecord> finalEpochs = WORSE_DATA.labelMetrics().stream().filter(m -> WORSE_DATA.runs().stream()
                .anyMatch(r -> r.runId().equals(m.runId()) && Integer.valueOf(m.epoch()).equals(r.finalEpoch()))).toList();
        assertEquals(new HashSet<>(finalEpochs), new HashSet<>(loaded.labelMetrics()));
        assertTrue(loaded.labelMetrics().size() < WORSE_DATA.labelMetrics().size(), "earlier epochs stay in the table");
    }

    /** index.html names every arm and unfinished run; every chart is a valid PNG, embedded and on disk. */
    private static void assertFiles(ReportResult result) throws IOException {
        ReportFiles.Written files = result.files();
        String html = Files.readString(files.index());
        for (String arm : ExperimentFixtures.ARMS) {
            assertTrue(html.contains(arm), "the report names " + arm);
        }
        assertTrue(html.contains(result.report().experiment() + "-" + ExperimentFixtures.FAILED_RUN)
                && html.contains("DataBuffer released") && html.contains(result.report().experiment() + "-"
                + ExperimentFixtures.RUNNING_RUN), "unfinished runs are listed");
        assertEquals(Files.readString(files.summary()), files.markdown());
        List<RenderedChart> charts = files.charts();
        assertEquals(1 + 4 * 2, charts.size(), "final accuracy, then 4 per grid point");
        assertEquals(charts.size(), html.split("src=\"data:image/png;base64,", -1).length - 1, "every chart embedded");
        ArmPalette palette = new ArmPalette(result.report().arms());
        for (int i = 0; i < charts.size(); i++) {
            Path file = files.chartFiles().get(i);
            assertEquals(ReportFiles.CHARTS + "/" + charts.get(i).fileName(),
                    files.index().getParent().relativize(file).toString());
            ChartAssertions.assertChart(charts.get(i), Files.readAllBytes(file), ExperimentFixtures.ARMS, palette);
        }
    }

    @Test
    void reportCommandPrintsTheSummaryAndSaysWhatIsWrong() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path output = dir.resolve("command");
        assertEquals(Main.OK, run(out, err, "report", "--metrics", metrics, "--experiment", WORSE,
                "--output", output.toString(), "--margin", "10"), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("# Report: " + WORSE), printed);
        assertTrue(printed.contains("the null hypothesis is rejected at the 5% level; the arms are equivalent within"
                + " ±10.0 points"), "a 10-point margin makes a 5-point gap equivalent: " + printed);
        assertTrue(printed.strip().endsWith("(charts in " + output.toAbsolutePath().resolve("charts") + ")"), printed);
        assertTrue(Files.isRegularFile(output.resolve("index.html")));

        assertEquals(Main.USAGE, run(out, err, "report", "--metrics", metrics, "--experiment", "nope", "--output",
                output.toString()));
        assertEquals("report: no experiment 'nope' under " + metrics + "; experiments: " + EQUAL_ARMS + " (22 runs), "
                + WORSE + " (22 runs)", lastLine(err));
        assertEquals(Main.USAGE, run(out, err, "report", "--metrics", metrics, "--experiment", WORSE, "--output",
                output.toString(), "--margin", "0"));
        assertTrue(lastLine(err).contains("equivalence margin"), lastLine(err));
        assertEquals(Main.USAGE, run(out, err, "report", "--metrics", metrics, "--experiment", WORSE, "--output",
                output.toString(), "--treatment", "lr-decay"));
        assertTrue(lastLine(err).contains("two different arms"), lastLine(err));
    }

    @Test
    void aMissingMetricsRootIsNamed() {
        String missing = dir.resolve("no-such-metrics").toString();
        MetricsTablesNotFoundException e = assertThrows(MetricsTablesNotFoundException.class,
                () -> ReportJob.run(spark(), new ReportRequest(missing, WORSE, dir.resolve("r"), ReportOptions.defaults())));
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String lastLine(ByteArrayOutputStream err) {
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }
}
