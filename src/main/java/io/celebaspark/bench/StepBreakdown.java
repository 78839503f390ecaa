package io.celebaspark.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one training step's wall time goes, in seconds per step, split into {@link StepPart}s: the parts measured
 * directly, and {@link StepPart#OTHER}, the step's wall time minus them. The measured parts never overlap (DL4J:
 * one layer's call at a time; PyTorch: top-level profiler events of one thread), so they cannot add up to more than
 * the step; {@link #addsUp} checks that, since timing one thing twice would show up as a negative remainder.
 *
 * @param seconds     seconds per step of every part, {@link StepPart#OTHER} included
 * @param stepSeconds wall time of one step
 */
public record StepBreakdown(Map<StepPart, Double> seconds, double stepSeconds) {
    public StepBreakdown {
        if (!(stepSeconds > 0)) {
            throw new IllegalArgumentException("a step takes a positive time, got " + stepSeconds + " s");
        }
        seconds = Collections.unmodifiableMap(new EnumMap<>(seconds));
    }

    /** From the measured parts' seconds per step (missing parts count 0) and the step's wall time. */
    public static StepBreakdown of(Map<StepPart, Double> measured, double stepSeconds) {
        EnumMap<StepPart, Double> all = new EnumMap<>(StepPart.class);
        double sum = 0;
        for (StepPart part : StepPart.MEASURED) {
            double s = measured.getOrDefault(part, 0.0);
            all.put(part, s);
            sum += s;
        }
        all.put(StepPart.OTHER, stepSeconds - sum);
        return new StepBreakdown(all, stepSeconds);
    }

    /**
     * From PyTorch's top-level operations (name to seconds per step, {@code compact_torch.py --profile}), each
     * assigned to its part by name ({@link StepPart#ofTorchOperation}); unnamed time and unmatched operations are
     * {@link StepPart#OTHER}.
     */
    public static StepBreakdown ofTorchOperations(Map<String, Double> operations, double stepSeconds) {
        EnumMap<StepPart, Double> measured = new EnumMap<>(StepPart.class);
        operations.forEach((name, s) -> {
            StepPart part = StepPart.ofTorchOperation(name);
            if (part != StepPart.OTHER) {
                measured.merge(part, s, Double::sum);
            }
        });
        return of(measured, stepSeconds);
    }

    /** The mean over repeats, part by part (so the parts still add up to the mean step). */
    public static StepBreakdown mean(List<StepBreakdown> repeats) {
        if (repeats.isEmpty()) {
            throw new IllegalArgumentException("no breakdowns to average");
        }
        EnumMap<StepPart, Double> sum = new EnumMap<>(StepPart.class);
        double step = 0;
        for (StepBreakdown b : repeats) {
            b.seconds().forEach((part, s) -> sum.merge(part, s / repeats.size(), Double::sum));
            step += b.stepSeconds() / repeats.size();
        }
        return new StepBreakdown(sum, step);
    }

    public double seconds(StepPart part) {
        return seconds.getOrDefault(part, 0.0);
    }

    /**
     * Whether the measured parts fit in the step: {@link StepPart#OTHER} is at least {@code -tolerance} of the
     * step (timer granularity and the wrapping calls' own cost allow a hair of overlap, never more).
     */
    public boolean addsUp(double tolerance) {
        return seconds(StepPart.OTHER) >= -tolerance * stepSeconds;
    }

    /**
     * The side-by-side table {@code bench-speed} prints: milliseconds per step and share of the step for DL4J and
     * PyTorch ({@code torch} null when PyTorch was skipped), the ratio DL4J / PyTorch per part, then the Spark
     * round's own overhead (NaN when unknown).
     */
    public static List<String> table(String title, StepBreakdown dl4j, StepBreakdown torch, double roundOverheadSeconds) {
        List<String> lines = new ArrayList<>();
        String row = "%-50s %10s %6s %10s %6s %12s";
        lines.add(String.format(Locale.ROOT, row, title, "DL4J ms", "share", "PyTorch ms", "share", "DL4J/PyTorch"));
        for (StepPart part : StepPart.values()) {
            lines.add(line(row, part.label(), dl4j.seconds(part), dl4j.stepSeconds(),
                    torch == null ? Double.NaN : torch.seconds(part), torch == null ? Double.NaN : torch.stepSeconds()));
        }
        lines.add(line(row, "step (wall time)", dl4j.stepSeconds(), dl4j.stepSeconds(),
                torch == null ? Double.NaN : torch.stepSeconds(), torch == null ? Double.NaN : torch.stepSeconds()));
        lines.add(String.format(Locale.ROOT, "%-50s %10s", "Spark round's own overhead (ms per round)",
                Double.isNaN(roundOverheadSeconds) ? "-" : String.format(Locale.ROOT, "%.1f", roundOverheadSeconds * 1e3)));
        return lines;
    }

    private static String line(String row, String label, double dl4j, double dl4jStep, double torch, double torchStep) {
        return String.format(Locale.ROOT, row, label, ms(dl4j), share(dl4j, dl4jStep), ms(torch), share(torch, torchStep),
                Double.isNaN(torch) || torch <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", dl4j / torch));
    }

    /** Seconds as milliseconds with one decimal, {@code -} for NaN (unknown). */
    static String ms(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds * 1e3);
    }

    private static String share(double seconds, double step) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * seconds / step);
    }
}
