package io.celebaspark.report;

import io.celebaspark.testing.ExperimentFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.celebaspark.testing.ExperimentFixtures.Outcome.GROWTH_WORSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report, the Markdown summary and the report folder, on a fixture experiment. */
class ReportWritersTest {
    private static final ExperimentData WORSE = ExperimentFixtures.experiment("x", GROWTH_WORSE, true);
    private static final Report REPORT = ExperimentAnalysis.analyse(WORSE, ReportOptions.defaults());
    @TempDir
    Path dir;

    @Test
    void htmlShowsTheVerdictEveryArmEveryRunAndEmbedsEveryChart() {
        var charts = ReportCharts.render(REPORT);
        String html = HtmlReport.render(REPORT, charts);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>\n"));
        ExperimentFixtures.ARMS.forEach(arm -> assertTrue(html.contains("</span>" + arm), arm + " with its swatch"));
        WORSE.runs().forEach(run -> assertTrue(html.contains("<td>" + run.runId() + "</td>"), run.runId()));
        assertTrue(html.contains("<td>the null hypothesis is rejected at the 5% level; the arms are not equivalent"
                + " within ±1.0 points</td>"));
        assertTrue(html.contains(REPORT.overallVerdict()));
        assertTrue(html.contains("<td>majority-class baseline</td>"));
        assertEquals(charts.size(), html.split("<img ", -1).length - 1);
        assertFalse(html.replaceAll("base64,[A-Za-z0-9+/=]+", "").contains("NaN"));
        assertFalse(html.contains("src=\"charts/"), "self-contained: no image is linked");
    }

    @Test
    void markdownSummaryHasTheVerdictTable() {
        String md = MarkdownSummary.render(REPORT);
        assertTrue(md.startsWith("# Report: x\n\nCompared: the final model's accuracy on the test split, mean over"
                + " Eyeglasses, Male, Smiling; 20 finished runs in 5 cells (arm × grid point); 2 runs left out"
                + " (x-failed: FAILED, x-running: RUNNING).\n"), md);
        assertTrue(md.contains("\n| schedule.alpha=2, train.optimizer=adam | 87.00 ± 0.22 (4) | 92.00 ± 0.24 (4) | -5.00 ["),
                md);
        assertEquals(2 + 2, md.lines().filter(l -> l.startsWith("| ")).count(), "header, rule and a row per grid point");
        assertTrue(md.contains(REPORT.overallVerdict()));
        assertTrue(md.contains("Target validation accuracy for \"updates and wall time to reach\": 90.28%"), md);
    }

    @Test
    void tablesEscapeWhatTheyShow() {
        Table t = new Table(List.of("a|b"), List.of(List.of("<b>&'\"")));
        assertTrue(t.html().contains("<td>&lt;b&gt;&amp;&#39;&quot;</td>"), t.html());
        assertTrue(t.markdown().startsWith("| a\\|b |\n| --- |\n"), t.markdown());
        assertThrows(IllegalArgumentException.class, () -> new Table(List.of("a", "b"), List.of(List.of("1"))));
    }

    @Test
    void writesTheFolderAndReplacesStaleCharts() throws IOException {
        Path out = dir.resolve("report");
        Files.createDirectories(out.resolve(ReportFiles.CHARTS));
        Path stale = Files.writeString(out.resolve(ReportFiles.CHARTS).resolve("old-grid-point.png"), "x");
        ReportFiles.Written written = ReportFiles.write(REPORT, out);
        assertFalse(Files.exists(stale));
        assertEquals(out.resolve(ReportFiles.INDEX), written.index());
        assertEquals(written.markdown(), Files.readString(out.resolve(ReportFiles.SUMMARY)));
        try (var files = Files.list(out.resolve(ReportFiles.CHARTS))) {
            assertEquals(written.charts().size(), files.count());
        }
        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportFiles.write(REPORT, file)).getMessage()
                .contains("is not a folder"));
    }
}
