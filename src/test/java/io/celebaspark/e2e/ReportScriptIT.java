package io.celebaspark.e2e;

import io.celebaspark.testing.ExperimentFixtures;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.GROWTH_WORSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code submit/report.sh} through spark-submit and the shaded jar (JFreeChart shaded in, commons-math3 from
 * Spark's classpath, charts drawn headless) on fixture metrics tables written in this JVM.
 */
@Tag("e2e")
class ReportScriptIT extends SharedSparkSession {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it");

    @TempDir
    Path dir;

    private static Run report(String... args) throws Exception {
        return SubmitScript.run(WORK, Map.of("CELEBA_WORK_DIR", WORK.resolve("scratch").toString(),
                "CELEBA_DRIVER_MEMORY", "1g"), Duration.ofMinutes(10), "report.sh", args);
    }

    @Test
    void reportScriptWritesTheReportAndPrintsTheVerdict() throws Exception {
        String metrics = dir.resolve("metrics").toString();
        ExperimentFixtures.write(spark(), metrics, List.of(ExperimentFixtures.experiment("worse", GROWTH_WORSE, true)));
        Path output = dir.resolve("report");

        Run run = report("--metrics", metrics, "--experiment", "worse", "--output", output.toString(),
                "--master", "local[1]");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("| the null hypothesis is rejected at the 5% level; the arms are not equivalent"
                + " within ±1.0 points |"), run.output());
        assertTrue(run.lastLine().startsWith("report: " + output.resolve("index.html")), run.lastLine());
        assertTrue(Files.readString(output.resolve("index.html")).contains("batch-growth"));
        try (Stream<Path> charts = Files.list(output.resolve("charts"))) {
            List<Path> pngs = charts.toList();
            assertEquals(9, pngs.size(), pngs.toString());
            for (Path png : pngs) {
                assertNotNull(ImageIO.read(png.toFile()), png + " decodes");
            }
        }

        Run unknown = report("--metrics", metrics, "--experiment", "nope", "--output", output.toString(),
                "--master", "local[1]");
        assertEquals(2, unknown.exit(), unknown.output());
        assertEquals("report: no experiment 'nope' under " + metrics + "; experiments: worse (22 runs)", unknown.lastLine());
    }
}
