package io.celebaspark.report;

import java.util.List;
import java.util.Objects;

/**
 * One epoch's gradient noise scale as the {@code epochs} table records it, for the report's noise chart and
 * effective updates. The columns are nullable and newer than the table: a table without them, or a run that
 * measured nothing (averaging frequency above 1, one worker), simply has none, and the report leaves the noise
 * chart and the effective updates out.
 *
 * @param runId         the run
 * @param epoch         the epoch
 * @param noiseScale    B_noise, the EMA estimate at the epoch's end ({@value #NOISE_SCALE}); null when absent
 * @param pooled        the epoch's pooled estimate ({@value #NOISE_SCALE_POOLED}); null when absent
 * @param standardError the pooled estimate's standard error ({@value #NOISE_SCALE_SE}); null when absent
 */
public record EpochNoise(String runId, int epoch, Double noiseScale, Double pooled, Double standardError) {
    /** The {@code epochs} columns the report reads: the only place their names are written. */
    public static final String NOISE_SCALE = "noise_scale_ema";
    public static final String NOISE_SCALE_POOLED = "noise_scale";
    public static final String NOISE_SCALE_SE = "noise_scale_se";
    public static final List<String> COLUMNS = List.of(NOISE_SCALE, NOISE_SCALE_POOLED, NOISE_SCALE_SE);

    public EpochNoise {
        Objects.requireNonNull(runId, "runId");
    }

    /**
     * The epoch's B_noise for charts and effective updates: the pooled estimate, which describes the whole
     * epoch's rounds, else the EMA; NaN when neither was recorded.
     */
    public double epochNoiseScale() {
        return pooled != null ? pooled : noiseScale != null ? noiseScale : Double.NaN;
    }
}
