package io.celebaspark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a report folder: {@code index.html} (self-contained), {@code summary.md} and
 * {@code charts/*.png} (the same images, usable alone). Charts of an earlier report in the folder are removed
 * first so that none is left stale.
 */
public final class ReportFiles {
    public static final String INDEX = "index.html";
    public static final String SUMMARY = "summary.md";
    public static final String CHARTS = "charts";

    private ReportFiles() {
    }

    /**
     * @return what was written
     * @throws IllegalArgumentException when {@code dir} exists and is not a folder
     */
    public static Written write(Report report, Path dir) {
        return write(report, Optional.empty(), dir);
    }

    /**
     * @param cost the cost on a cluster, a section of the HTML and the summary; empty: none
     * @return what was written
     * @throws IllegalArgumentException when {@code dir} exists and is not a folder
     */
    public static Written write(Report report, Optional<ClusterCost> cost, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("report output " + dir + " exists and is not a folder");
        }
        List<RenderedChart> charts = ReportCharts.render(report);
        String markdown = MarkdownSummary.render(report, cost);
        try {
            Path chartDir = dir.resolve(CHARTS);
            Files.createDirectories(chartDir);
            try (Stream<Path> old = Files.list(chartDir)) {
                for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
                    Files.delete(png);
                }
            }
            List<Path> chartFiles = new ArrayList<>();
            for (RenderedChart chart : charts) {
                chartFiles.add(Files.write(chartDir.resolve(chart.fileName()), chart.png()));
            }
            Path index = Files.writeString(dir.resolve(INDEX), HtmlReport.render(report, charts, cost),
                    StandardCharsets.UTF_8);
            Path summary = Files.writeString(dir.resolve(SUMMARY), markdown, StandardCharsets.UTF_8);
            return new Written(index, summary, chartFiles, charts, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param index      the HTML report
     * @param summary    the Markdown summary
     * @param chartFiles the chart PNGs
     * @param charts     the charts as rendered, with their series
     * @param markdown   the summary's text
     */
    public record Written(Path index, Path summary, List<Path> chartFiles, List<RenderedChart> charts,
                          String markdown) {
        public Written {
            chartFiles = List.copyOf(chartFiles);
            charts = List.copyOf(charts);
        }
    }
}
