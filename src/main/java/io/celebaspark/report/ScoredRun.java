package io.celebaspark.report;

import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.train.noise.EffectiveUpdates;

import java.util.ArrayList;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A finished run with what the report needs of it: the compared scores (per label, on the
 * {@link MetricSource} split, at the final epoch), its validation accuracy at the final epoch (what the
 * target is derived from), its epochs for the curves and how often the controller acted.
 *
 * @param run       the runs table row
 * @param scores    per-label scores of the final model on the compared split, labels sorted
 * @param val       per-label scores on the validation split at the final epoch, labels sorted
 * @param epochs    the run's epochs, in order
 * @param decisions controller decision kind (BATCH_GROWN, LR_DECAYED, …) to how many times it was taken
 * @param noise     the run's gradient noise scale per epoch; empty when it measured none
 */
public record ScoredRun(RunRecord run, Evaluation scores, Evaluation val, List<EpochRecord> epochs,
                        Map<String, Long> decisions, List<EpochNoise> noise) {
    public ScoredRun {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(val, "val");
        epochs = List.copyOf(epochs);
        decisions = Map.copyOf(decisions);
        noise = List.copyOf(noise);
    }

    /** The B_noise of each of {@link #epochs()} ({@link EpochNoise#epochNoiseScale()}), NaN where none. */
    public double[] noiseScales() {
        Map<Integer, EpochNoise> byEpoch = noise.stream()
                .collect(Collectors.toMap(EpochNoise::epoch, Function.identity(), (a, b) -> b));
        return epochs.stream().mapToDouble(e -> byEpoch.containsKey(e.epoch())
                ? byEpoch.get(e.epoch()).epochNoiseScale() : Double.NaN).toArray();
    }

    /**
     * Cumulative effective updates ({@link EffectiveUpdates}) at the end of each of {@link #epochs()}, from each
     * epoch's updates, global batch and B_noise, the first epoch's batch as B0; NaN from the first epoch
     * without a noise scale on.
     */
    public double[] effectiveUpdates() {
        double[] noiseScales = noiseScales();
        List<EffectiveUpdates.Epoch> progress = new ArrayList<>();
        long before = 0;
        for (int i = 0; i < epochs.size(); i++) {
            EpochRecord e = epochs.get(i);
            progress.add(new EffectiveUpdates.Epoch(e.updates() - before, e.globalBatch(), noiseScales[i]));
            before = e.updates();
        }
        return EffectiveUpdates.cumulative(progress);
    }

    /** Mean validation accuracy over labels at the final epoch. */
    public double finalValAccuracy() {
        return val.meanAccuracy();
    }

    /** The final model's scores on one label, by name. */
    public LabelMetrics label(String label) {
        return scores.labels().stream().filter(m -> m.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("run " + run.runId() + " has no label " + label));
    }
}
