package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.report.stats.SampleSummary;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The report's charts, rendered headless to PNG with JFreeChart: the final accuracy of every cell with 95%
 * confidence intervals, and per comparison panel the validation accuracy against epochs, parameter updates
 * and wall time (mean over seeds as a line, min–max over seeds as a translucent band), the global batch and
 * learning rate against epochs, when the runs measured it the gradient noise scale beside the global batch,
 * and, when the runs were metered, the wall time and held core-seconds each cell took to reach the target.
 * One colour per arm ({@link ArmPalette}) throughout.
 */
public final class ReportCharts {
    /** Pixels of every chart; large enough to read at a glance, small enough to embed. */
    public static final int WIDTH = 960;
    public static final int HEIGHT = 540;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color GRID = new Color(0xDDDDDD);
    private static final String BAND = "line: mean over seeds; band: min–max over seeds";
    /** Solid for the first arm, then dash patterns that let coinciding lines beneath show through. */
    private static final List<BasicStroke> LINE_STYLES = List.of(line(), line(14f, 8f), line(3f, 6f), line(14f, 5f, 3f, 5f));

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportCharts() {
    }

    /**
     * Every chart of the report: the final-accuracy chart first, then the cost to the target when the runs were
     * metered, then four per panel.
     */
    public static List<RenderedChart> render(Report report) {
        ArmPalette palette = new ArmPalette(report.arms());
        List<RenderedChart> charts = new ArrayList<>();
        charts.add(finalAccuracy(report, palette));
        costToTarget(report, palette).ifPresent(charts::add);
        for (Panel panel : report.panels()) {
            String where = shortLabel(panel);
            String slug = panel.point().slug();
            for (EpochAxis axis : EpochAxis.values()) {
                charts.add(curves(panel, palette, axis, slug + "-val-acc-" + axis.slug() + ".png",
                        "Validation accuracy vs " + axis.title() + " — " + where));
            }
            charts.add(schedule(panel, palette, slug + "-batch-lr.png", "Global batch and learning rate — " + where));
            if (panel.cells().stream().flatMap(c -> c.runs().stream()).anyMatch(r -> !r.noise().isEmpty())) {
                charts.add(noiseScale(panel, palette, slug + "-noise-scale.png",
                        "Gradient noise scale and global batch — " + where));
            }
        }
        return charts;
    }

    private static RenderedChart finalAccuracy(Report report, ArmPalette palette) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Panel panel : report.panels()) {
            for (Cell cell : panel.cells()) {
                addMean(data, Optional.of(cell.accuracy()), 100, cell.arm(), shortLabel(panel));
            }
        }
        NumberAxis accuracy = percentAxis("final accuracy on " + report.source().split() + ", mean over labels (%)");
        CategoryPlot plot = new CategoryPlot(data, gridPoints(), accuracy, meanRenderer(data, palette, true));
        Range range = meansWithIntervals(data);
        accuracy.setRange(range);
        double baseline = 100 * report.baseline().meanAccuracy();
        String caption = "dot: mean over seeds; bar: 95% confidence interval (t, n - 1)";
        if (range.contains(baseline)) {
            plot.addRangeMarker(baselineMarker(baseline));
            caption += "; dashed: majority-class baseline";
        } else {
            caption += String.format(Locale.ROOT, "; majority-class baseline %.2f%% (%s the axis)", baseline,
                    baseline < range.getLowerBound() ? "below" : "above");
        }
        return render("final-accuracy.png", "Final accuracy per arm and grid point", caption, plot);
    }

    /**
     * Per grid point and arm, the wall time and the held core-seconds the runs took to reach the target, one above
     * the other; only when some cell's runs were metered (tables of an older build have no core-seconds). A cell
     * that never reached the target has no dot but keeps its arm in the legend.
     */
    private static Optional<RenderedChart> costToTarget(Report report, ArmPalette palette) {
        double target = report.target().value();
        DefaultStatisticalCategoryDataset seconds = new DefaultStatisticalCategoryDataset();
        DefaultStatisticalCategoryDataset coreSeconds = new DefaultStatisticalCategoryDataset();
        boolean metered = false;
        for (Panel panel : report.panels()) {
            for (Cell cell : panel.cells()) {
                Cell.ReachSummary reach = cell.reach(target);
                addMean(seconds, reach.seconds(), 1, cell.arm(), shortLabel(panel));
                addMean(coreSeconds, reach.coreSeconds(), 1, cell.arm(), shortLabel(panel));
                metered |= reach.coreSeconds().isPresent();
            }
        }
        if (!metered) {
            return Optional.empty();
        }
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(gridPoints());
        plot.setGap(12);
        plot.add(new CategoryPlot(seconds, null, new NumberAxis("wall time to target (s)"),
                meanRenderer(seconds, palette, true)));
        plot.add(new CategoryPlot(coreSeconds, null, new NumberAxis("held core-seconds to target"),
                meanRenderer(coreSeconds, palette, false)));
        return Optional.of(render("cost-to-target.png", String.format(Locale.ROOT,
                        "Wall time and core-seconds to %.2f%% validation accuracy", 100 * target),
                "dot: mean over the seeds that reached the target; bar: 95% confidence interval (t, n - 1)", plot));
    }

    /** Adds a summary's mean and 95% interval half-width times {@code scale}; an empty one as a gap. */
    private static void addMean(DefaultStatisticalCategoryDataset data, Optional<SampleSummary> summary, double scale,
                                String arm, String column) {
        if (summary.isEmpty()) {
            data.add(null, null, arm, column);
            return;
        }
        SampleSummary s = summary.get();
        double half = s.hasSpread() ? s.confidenceInterval(0.95).halfWidth() : 0;
        data.add(scale * s.mean(), scale * half, arm, column);
    }

    /** Dots with interval bars, one colour per arm, arms side by side within a grid point. */
    private static StatisticalLineAndShapeRenderer meanRenderer(DefaultStatisticalCategoryDataset data,
                                                                ArmPalette palette, boolean inLegend) {
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(false, true);
        renderer.setErrorIndicatorStroke(new BasicStroke(2f));
        for (int i = 0; i < data.getRowCount(); i++) {
            String arm = (String) data.getRowKey(i);
            renderer.setSeriesPaint(i, palette.colour(arm));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-6, -6, 12, 12));
            renderer.setSeriesVisibleInLegend(i, inLegend);
        }
        renderer.setUseSeriesOffset(true);
        renderer.setItemMargin(0.3);
        return renderer;
    }

    private static CategoryAxis gridPoints() {
        CategoryAxis categories = new CategoryAxis("grid point");
        categories.setMaximumCategoryLabelLines(3);
        return categories;
    }

    private static ValueMarker baselineMarker(double baseline) {
        ValueMarker marker = new ValueMarker(baseline, Color.GRAY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        marker.setLabel(String.format(Locale.ROOT, "majority baseline %.2f%%", baseline));
        marker.setLabelFont(TICK_FONT);
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return marker;
    }

    private static RenderedChart curves(Panel panel, ArmPalette palette, EpochAxis axis, String file, String title) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        double scale = axis == EpochAxis.WALL_TIME ? TimeUnit.fitting(maxX(panel, axis)).seconds : 1;
        for (Cell cell : panel.cells()) {
            data.addSeries(series(SeedBand.of(cell, axis, e -> 100 * e.valAccMean()), scale));
        }
        NumberAxis x = new NumberAxis(axis == EpochAxis.WALL_TIME
                ? axis.label() + " (" + TimeUnit.fitting(maxX(panel, axis)).name + ")" : axis.label());
        x.setAutoRangeIncludesZero(false);
        if (axis != EpochAxis.WALL_TIME) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYPlot plot = bandPlot(data, x, percentAxis("validation accuracy, mean over labels (%)"), panel, palette, true);
        return render(file, title, BAND, plot);
    }

    private static RenderedChart schedule(Panel panel, ArmPalette palette, String file, String title) {
        NumberAxis epochs = new NumberAxis(EpochAxis.EPOCH.label());
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12);
        ValueAxis batch = new ValueTicksLogAxis("global batch (log scale)", values(panel, EpochRecord::globalBatch),
                new DecimalFormat("0"));
        ValueAxis rate = new ValueTicksLogAxis("learning rate (log scale)", values(panel, EpochRecord::learningRate),
                new DecimalFormat("0.###E0"));
        plot.add(bandPlot(bands(panel, EpochRecord::globalBatch), null, batch, panel, palette, true));
        plot.add(bandPlot(bands(panel, EpochRecord::learningRate), null, rate, panel, palette, false));
        return render(file, title, BAND, plot);
    }

    /**
     * Per arm, the global batch (solid) and the gradient noise scale B_noise (dashed, same colour) against epochs
     * on one log axis (base 2, the steps of a doubling schedule): where an arm's batch line runs above its noise
     * line, the batch grew past the size that still paid (McCandlish et al.). Epochs without a positive estimate
     * are left out of the noise line.
     */
    private static RenderedChart noiseScale(Panel panel, ArmPalette palette, String file, String title) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.12f);
        TreeSet<Double> values = new TreeSet<>();
        for (Cell cell : panel.cells()) {
            SeedBand batch = SeedBand.of(cell, EpochAxis.EPOCH, EpochRecord::globalBatch);
            SeedBand noise = SeedBand.of(cell, EpochAxis.EPOCH, (run, i) -> {
                double b = run.noiseScales()[i];
                return b > 0 ? b : Double.NaN;
            });
            Color colour = palette.colour(cell.arm());
            List<SeedBand> pair = List.of(new SeedBand(cell.arm() + ": global batch", batch.points()),
                    new SeedBand(cell.arm() + ": B_noise", noise.points()));
            for (int j = 0; j < pair.size(); j++) {
                int i = data.getSeriesCount();
                data.addSeries(series(pair.get(j), 1));
                renderer.setSeriesPaint(i, colour);
                renderer.setSeriesFillPaint(i, colour);
                renderer.setSeriesStroke(i, j == 0 ? line() : line(8f, 6f));
                renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
                pair.get(j).points().forEach(p -> values.add(p.low()));
            }
        }
        NumberAxis epochs = new NumberAxis(EpochAxis.EPOCH.label());
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        LogAxis examples = new LogAxis("examples (log scale)");
        examples.setBase(2);
        examples.setTickUnit(new NumberTickUnit(1));
        examples.setNumberFormatOverride(new DecimalFormat("0"));
        examples.setSmallestValue(values.isEmpty() ? 1 : values.first() / 2);
        XYPlot plot = new XYPlot(data, epochs, examples, renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        return render(file, title, "solid: global batch; dashed: gradient noise scale B_noise = tr(Σ)/|G|² (pooled"
                + " per epoch); " + BAND, plot);
    }

    private static YIntervalSeriesCollection bands(Panel panel, ToDoubleFunction<EpochRecord> y) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        panel.cells().forEach(cell -> data.addSeries(series(SeedBand.of(cell, EpochAxis.EPOCH, y), 1)));
        return data;
    }

    private static YIntervalSeries series(SeedBand band, double xScale) {
        YIntervalSeries series = new YIntervalSeries(band.arm());
        band.points().forEach(p -> series.add(p.x() / xScale, p.mean(), p.low(), p.high()));
        return series;
    }

    /**
     * Mean lines with min–max bands. Arms whose curves coincide (equal arms, or a batch and a learning rate that
     * only one arm changes) would hide one another, so each arm after the first is dashed differently: where
     * lines coincide, the ones beneath show through the gaps.
     */
    private static XYPlot bandPlot(YIntervalSeriesCollection data, ValueAxis x, ValueAxis y, Panel panel,
                                   ArmPalette palette, boolean inLegend) {
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.18f);
        for (int i = 0; i < panel.cells().size(); i++) {
            Color colour = palette.colour(panel.cells().get(i).arm());
            renderer.setSeriesPaint(i, colour);
            renderer.setSeriesFillPaint(i, colour);
            renderer.setSeriesStroke(i, LINE_STYLES.get(i % LINE_STYLES.size()));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
            renderer.setSeriesVisibleInLegend(i, inLegend);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        return plot;
    }

    private static BasicStroke line(float... dashes) {
        return new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                dashes.length == 0 ? null : dashes, 0f);
    }

    private static NumberAxis percentAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** Every value {@code y} takes in the panel's runs. */
    private static TreeSet<Double> values(Panel panel, ToDoubleFunction<EpochRecord> y) {
        return panel.cells().stream().flatMap(c -> c.runs().stream()).flatMap(r -> r.epochs().stream())
                .map(e -> y.applyAsDouble(e)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The span of the means ± their interval half-widths, padded; at least a point either side. */
    private static Range meansWithIntervals(DefaultStatisticalCategoryDataset data) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < data.getRowCount(); r++) {
            for (int c = 0; c < data.getColumnCount(); c++) {
                Number mean = data.getMeanValue(r, c);
                if (mean != null) {
                    double half = data.getStdDevValue(r, c).doubleValue();
                    low = Math.min(low, mean.doubleValue() - half);
                    high = Math.max(high, mean.doubleValue() + half);
                }
            }
        }
        double pad = Math.max(1, (high - low) * 0.15);
        return new Range(low - pad, high + pad);
    }

    private static double maxX(Panel panel, EpochAxis axis) {
        return panel.cells().stream().flatMap(c -> c.runs().stream())
                .flatMapToDouble(r -> Arrays.stream(axis.values(r.epochs()))).max().orElse(0);
    }

    /** "alpha=2, optimizer=adam": the panel's coordinates without their configuration prefixes. */
    static String shortLabel(Panel panel) {
        if (panel.point().coordinates().isEmpty()) {
            return "all runs";
        }
        return String.join(", ", panel.point().coordinates().entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + e.getValue()).toList());
    }

    private static RenderedChart render(String file, String title, String caption, Plot plot) {
        style(plot);
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(caption, SUBTITLE_FONT));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(AXIS_FONT);
        legend.setFrame(BlockBorder.NONE);
        List<String> series = new ArrayList<>();
        LegendItemCollection items = plot.getLegendItems();
        for (int i = 0; i < items.getItemCount(); i++) {
            series.add(items.get(i).getLabel());
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + file + ": " + e.getMessage(), e);
        }
        return new RenderedChart(file, title, caption, series, png.toByteArray());
    }

    private static void style(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setInsets(new RectangleInsets(8, 8, 8, 16));
        if (plot instanceof CombinedDomainXYPlot combined) {
            styleAxis(combined.getDomainAxis());
            for (XYPlot subplot : combined.getSubplots()) {
                style(subplot);
                // The shared epoch axis spans the combined plot's data area: insets of their own would shift the
                // subplots' points off its ticks.
                subplot.setInsets(RectangleInsets.ZERO_INSETS);
            }
        } else if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            if (xy.getDomainAxis() != null) {
                styleAxis(xy.getDomainAxis());
            }
            styleAxis(xy.getRangeAxis());
        } else if (plot instanceof CombinedDomainCategoryPlot combined) {
            combined.getDomainAxis().setLabelFont(AXIS_FONT);
            combined.getDomainAxis().setTickLabelFont(TICK_FONT);
            for (Object subplot : combined.getSubplots()) {
                style((Plot) subplot);
            }
        } else if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(GRID);
            if (category.getDomainAxis() != null) {
                category.getDomainAxis().setLabelFont(AXIS_FONT);
                category.getDomainAxis().setTickLabelFont(TICK_FONT);
            }
            styleAxis(category.getRangeAxis());
        }
    }

    private static void styleAxis(ValueAxis axis) {
        axis.setLabelFont(AXIS_FONT);
        axis.setTickLabelFont(TICK_FONT);
    }

    /** The unit a wall-time axis is labelled in, chosen so that its numbers stay short. */
    private enum TimeUnit {
        SECONDS("s", 1), MINUTES("min", 60), HOURS("h", 3600);

        private final String name;
        private final double seconds;

        TimeUnit(String name, double seconds) {
            this.name = name;
            this.seconds = seconds;
        }

        static TimeUnit fitting(double maxSeconds) {
            return maxSeconds >= 5 * 3600 ? HOURS : maxSeconds >= 600 ? MINUTES : SECONDS;
        }
    }
}
