package io.celebaspark.train.control;

/**
 * How the {@code noise-scale} and {@code noise-capped-growth} schedules use the gradient noise scale B_noise
 * ({@code schedule.noise.*}). McCandlish et al. find the critical batch close to B_noise only up to a
 * task-dependent factor, hence kappa; the estimate is noisy while few rounds back it, hence the warm-up; and a
 * batch change costs a rebuild of the epoch's files, hence the hysteresis.
 *
 * @param kappa        the target global batch is kappa &middot; B_noise ({@code schedule.noise.kappa})
 * @param warmupRounds no noise-driven change before the estimates given rest on this many averaging rounds
 *                     in all ({@code schedule.noise.warmup-rounds})
 * @param minChange    {@code noise-scale} changes the batch only when target / B (or B / target, when it may
 *                     shrink) is at least this ({@code schedule.noise.min-change})
 * @param growOnly     {@code noise-scale} never shrinks the batch ({@code schedule.noise.grow-only})
 */
public record NoiseSchedule(double kappa, int warmupRounds, double minChange, boolean growOnly) {
}
