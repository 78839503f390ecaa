package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A cell's curve over seeds: at each epoch, the mean x (epoch, updates or wall time: seeds may differ in
 * updates and time when their controllers acted at different epochs), the mean y and the min–max of y over
 * the seeds that ran that epoch.
 *
 * @param arm    the cell's arm (the series name)
 * @param points one point per epoch, in epoch order
 */
public record SeedBand(String arm, List<Point> points) {
    public SeedBand {
        points = List.copyOf(points);
    }

    /**
     * @param x    mean x over seeds
     * @param mean mean y over seeds
     * @param low  smallest y
     * @param high largest y
     * @param runs seeds that ran this epoch
     */
    public record Point(double x, double mean, double low, double high, int runs) {
    }

    /** A value of one of a run's epochs, by its index in {@link ScoredRun#epochs()}. */
    @FunctionalInterface
    public interface RunValue {
        double at(ScoredRun run, int epochIndex);
    }

    /** The cell's band of {@code y} against {@code axis}. */
    public static SeedBand of(Cell cell, EpochAxis axis, ToDoubleFunction<EpochRecord> y) {
        return of(cell, axis, (run, i) -> y.applyAsDouble(run.epochs().get(i)));
    }

    /**
     * The cell's band of a value that may depend on the whole run (the noise scale, from beside the epochs
     * table's required columns); a seed's epoch whose value is not finite (not measured) is left out.
     */
    public static SeedBand of(Cell cell, EpochAxis axis, RunValue y) {
        TreeMap<Integer, List<double[]>> byEpoch = new TreeMap<>();
        for (ScoredRun run : cell.runs()) {
            double[] xs = axis.values(run.epochs());
            for (int i = 0; i < xs.length; i++) {
                double value = y.at(run, i);
                if (Double.isFinite(value)) {
                    byEpoch.computeIfAbsent(run.epochs().get(i).epoch(), k -> new ArrayList<>())
                            .add(new double[]{xs[i], value});
                }
            }
        }
        List<Point> points = new ArrayList<>();
        byEpoch.values().forEach(xy -> {
            DoubleSummaryStatistics ys = xy.stream().mapToDouble(p -> p[1]).summaryStatistics();
            double x = xy.stream().mapToDouble(p -> p[0]).average().orElseThrow();
            points.add(new Point(x, ys.getAverage(), ys.getMin(), ys.getMax(), xy.size()));
        });
        return new SeedBand(cell.arm(), points);
    }
}
