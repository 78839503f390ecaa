package io.celebaspark.train;

import io.celebaspark.config.ConfigReader;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.spark.ExecutorScaling;
import io.celebaspark.train.control.ControllerEvent;
import io.celebaspark.train.control.TrainingState;
import io.celebaspark.train.noise.NoiseScaleEstimate;
import io.celebaspark.train.spark.AveragingSettings;
import io.celebaspark.train.spark.ParameterAveragingTrainer;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The console's view of a run: one line per epoch with what a person watching wants (batch, learning
 * rate, losses, mean accuracy, throughput, time left), then one line per controller decision, and a summary
 * at the end. The estimate of time left assumes the remaining epochs of the budget take as long as the
 * average so far; the controller may stop earlier.
 */
public final class ProgressLine implements TrainingListener {
    private final Consumer<String> out;
    private String runId = "";
    private double secondsSoFar;
    private int epochsTimed;

    public ProgressLine(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void onRunStarted(RunInfo run) {
        runId = run.runId();
        TrainSettings s = run.settings();
        out.accept(String.format(Locale.ROOT, "run %s: %s, %s lr %s, schedule %s (alpha %s), %d workers, %,d training"
                        + " images, up to %d epochs, averaging round: %s%s", run.runId(), s.architecture(),
                ConfigReader.configName(s.optimizer()), number(s.learningRate()),
                ConfigReader.configName(s.schedule().kind()), number(s.schedule().alpha()), run.workers(),
                run.trainExamples(), s.schedule().epochBudget(), ParameterAveragingTrainer.describe(s.reuseWorkers()),
                run.resumedFrom().map(r -> "; resumed after epoch " + r.epoch()).orElse("")));
        out.accept("layers: " + run.computation());
        out.accept("noise scale: " + AveragingSettings.noiseScaleUnavailable(s.averagingFrequency(), s.averageUpdaters())
                .map(why -> "not measured, " + why).orElse("measured every averaging round (docs/noise-scale.md)"));
    }

    @Override
    public void onEpochEnded(EpochReport r) {
        secondsSoFar += r.seconds();
        epochsTimed++;
        out.accept(format(r, secondsSoFar / epochsTimed));
        for (ControllerEvent e : r.decision().events()) {
            out.accept("  " + e.kind() + ": " + e.reason());
        }
    }

    @Override
    public void onExecutorsScaled(int epoch, ExecutorScaling scaling) {
        out.accept("epoch " + epoch + ": " + scaling.describe());
    }

    @Override
    public void onEvaluated(int epoch, Evaluation evaluation) {
        if (!evaluation.split().equals("val")) {
            out.accept(String.format(Locale.ROOT, "%s after epoch %d: loss %.4f, mean accuracy %.4f, mean balanced"
                            + " accuracy %.4f", evaluation.split(), epoch, evaluation.loss(), evaluation.meanAccuracy(),
                    evaluation.meanBalancedAccuracy()));
        }
    }

    @Override
    public void onRunEnded(RunOutcome outcome) {
        out.accept("run " + runId + " " + outcome.status() + " after epoch " + outcome.lastEpoch()
                + (outcome.bestEpoch() > 0 ? " (best epoch " + outcome.bestEpoch() + ")" : "")
                + outcome.failure().map(f -> ": " + f).orElse(""));
    }

    /** One epoch's line; {@code secondsPerEpoch} estimates the time left. */
    static String format(EpochReport r, double secondsPerEpoch) {
        TrainingState s = r.state();
        Evaluation val = r.validation();
        int left = r.decision().stop() ? 0 : r.epochs() - r.epoch();
        return String.format(Locale.ROOT, "epoch %d/%d  B %d (%d x %d)  lr %s  train loss %.4f  val loss %.4f  val acc"
                        + " %.4f  bal acc %.4f  %,.0f ex/s  %s%s  ETA %s",
                r.epoch(), r.epochs(), s.globalBatch(), s.batchPerWorker(), s.workers(), number(s.learningRate()),
                r.fit().trainLoss(), val.loss(), val.meanAccuracy(), val.meanBalancedAccuracy(), r.examplesPerSecond(),
                duration(r.seconds()), r.isBest() ? "  *best*" : "", duration(left * secondsPerEpoch))
                + r.noise().map(ProgressLine::noise).orElse("");
    }

    /** The noise scale briefly: the epoch's pooled estimate with its standard error, and the moving average. */
    static String noise(NoiseScaleEstimate n) {
        return String.format(Locale.ROOT, "  B_noise %.0f ± %.0f (EMA %.0f)", n.pooledNoiseScale(), n.standardError(),
                n.noiseScale());
    }

    private static String number(double v) {
        return v >= 0.01 && v < 1000 ? String.format(Locale.ROOT, "%s", (float) v) : String.format(Locale.ROOT, "%.1e", v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d m %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d m", s / 3600, (s % 3600) / 60);
    }
}
