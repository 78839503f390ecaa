package io.celebaspark.report;

import java.util.List;
import java.util.Objects;

/**
 * One chart of the report as a PNG, with what the HTML says about it and what a test checks: its series (the
 * legend's entries, one per arm).
 *
 * @param fileName file name under {@code charts/}, ending in {@code .png}
 * @param title    the chart's title
 * @param caption  one sentence saying how to read it
 * @param series   the legend's entries, in order
 * @param png      the encoded image
 */
public record RenderedChart(String fileName, String title, String caption, List<String> series, byte[] png) {
    public RenderedChart {
        Objects.requireNonNull(fileName, "fileName");
        series = List.copyOf(series);
        png = png.clone();
    }

    @Override
    public byte[] png() {
        return png.clone();
    }
}
