package io.celebaspark.train.control;

/**
 * When a monitored metric counts as stuck. Kept apart from the schedule so the detector can be reasoned
 * about (and tested) on its own.
 *
 * @param mode      whether lower or higher values are better
 * @param minDelta  an improvement must beat the best value by strictly more than this
 * @param patience  epochs without improvement that make a plateau (at least 1)
 * @param cooldown  epochs after a plateau in which no epoch counts towards the next one
 */
public record PlateauCriterion(Mode mode, double minDelta, int patience, int cooldown) {
}
