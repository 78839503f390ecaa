package io.celebaspark.train.noise;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A run's noise scale, fed round by round and read once per epoch: the epoch's pooled estimate
 * ({@link EpochPool}) and moving averages of the rounds' unbiased |G|² and tr(Σ) over a horizon in examples
 * (two {@link BiasCorrectedEma}s, averaged separately and divided when read: a ratio of unbiased estimates is
 * biased), plus the same averages of the preconditioned gradient for Adam. The averages run across epochs,
 * and their state goes into the checkpoint ({@link #saveState()}) so that a resumed run continues them exactly.
 */
public final class NoiseScaleMeter {
    private static final String FORMAT = "1";

    private final long horizonExamples;
    private final BiasCorrectedEma gradient;
    private final BiasCorrectedEma trace;
    private final BiasCorrectedEma preconditionedGradient;
    private final BiasCorrectedEma preconditionedTrace;
    private EpochPool epoch = new EpochPool();

    private NoiseScaleMeter(long horizonExamples, BiasCorrectedEma gradient, BiasCorrectedEma trace,
                            BiasCorrectedEma preconditionedGradient, BiasCorrectedEma preconditionedTrace) {
        if (horizonExamples < 1) {
            throw new IllegalArgumentException("the moving average's horizon must be at least one example, got "
                    + horizonExamples);
        }
        this.horizonExamples = horizonExamples;
        this.gradient = gradient;
        this.trace = trace;
        this.preconditionedGradient = preconditionedGradient;
        this.preconditionedTrace = preconditionedTrace;
    }

    /** A meter for a new run, averaging over {@code horizonExamples} examples. */
    public static NoiseScaleMeter start(long horizonExamples) {
        return new NoiseScaleMeter(horizonExamples, new BiasCorrectedEma(0, 0), new BiasCorrectedEma(0, 0),
                new BiasCorrectedEma(0, 0), new BiasCorrectedEma(0, 0));
    }

    /** A meter that continues from {@link #saveState()}'s text. */
    public static NoiseScaleMeter restore(long horizonExamples, String savedState) {
        Properties saved = new Properties();
        try {
            saved.load(new StringReader(savedState));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupt noise scale state: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(saved.getProperty("format"))) {
            throw new IllegalArgumentException("unsupported noise scale state format " + saved.getProperty("format")
                    + ", expected " + FORMAT);
        }
        return new NoiseScaleMeter(horizonExamples, ema(saved, "grad-sqr"), ema(saved, "trace-cov"),
                ema(saved, "pre-grad-sqr"), ema(saved, "pre-trace-cov"));
    }

    /**
     * Adds one round.
     *
     * @param round          the workers' and the mean gradient's squared norms
     * @param preconditioned the same of the gradients divided by Adam's preconditioner; null without one
     */
    public void addRound(RoundGradientNorms round, RoundGradientNorms preconditioned) {
        NoiseScaleMath.RoundStatistics raw = NoiseScaleMath.unbiased(round);
        epoch.add(raw);
        gradient.add(raw.gradientSquaredNorm(), raw.examples(), horizonExamples);
        trace.add(raw.traceCovariance(), raw.examples(), horizonExamples);
        if (preconditioned != null) {
            NoiseScaleMath.RoundStatistics pre = NoiseScaleMath.unbiased(preconditioned);
            preconditionedGradient.add(pre.gradientSquaredNorm(), pre.examples(), horizonExamples);
            preconditionedTrace.add(pre.traceCovariance(), pre.examples(), horizonExamples);
        }
    }

    /**
     * The epoch's estimate, and a fresh pool for the next epoch; empty when no round was ever added (nothing
     * measured, e.g. at an averaging frequency above 1).
     */
    public Optional<NoiseScaleEstimate> endEpoch() {
        EpochPool ended = epoch;
        epoch = new EpochPool();
        if (gradient.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NoiseScaleEstimate(NoiseScaleMath.noiseScale(gradient.value(), trace.value()),
                ended.noiseScale(), ended.standardError(), ended.rounds(), gradient.value(), trace.value(),
                preconditionedGradient.isEmpty() ? null
                        : NoiseScaleMath.noiseScale(preconditionedGradient.value(), preconditionedTrace.value())));
    }

    /** The moving averages as stable {@code key=value} lines (exact doubles), for the checkpoint; call between epochs. */
    public String saveState() {
        if (epoch.rounds() > 0) {
            throw new IllegalStateException("the meter's state is saved between epochs, after endEpoch()");
        }
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("format", FORMAT);
        put(saved, "grad-sqr", gradient);
        put(saved, "trace-cov", trace);
        put(saved, "pre-grad-sqr", preconditionedGradient);
        put(saved, "pre-trace-cov", preconditionedTrace);
        StringBuilder text = new StringBuilder();
        saved.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static void put(Map<String, Object> saved, String name, BiasCorrectedEma ema) {
        saved.put(name + ".biased", ema.biased());
        saved.put(name + ".weight", ema.weight());
    }

    private static BiasCorrectedEma ema(Properties saved, String name) {
        return new BiasCorrectedEma(number(saved, name + ".biased"), number(saved, name + ".weight"));
    }

    private static double number(Properties saved, String key) {
        String value = saved.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("the noise scale state lacks '" + key + "'");
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("corrupt noise scale state: " + key + "=" + value, e);
        }
    }
}
