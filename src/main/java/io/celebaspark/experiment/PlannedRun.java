package io.celebaspark.experiment;

import io.celebaspark.app.AppConfig;

/**
 * One run of an experiment as planned: its deterministic id (so a relaunch finds it again), its place in
 * the grid and its validated configuration, which carries the tags {@code train.experiment},
 * {@code train.arm} and {@code train.grid-point} into the runs table and into a resume.
 *
 * @param runId     {@code <experiment>-<arm>-<grid values>-s<seed>}
 * @param arm       the arm's name
 * @param gridPoint the grid coordinates other than the seed, {@code key=value} joined by {@code ", "}
 * @param config    the run's configuration, validated
 */
public record PlannedRun(String runId, String arm, String gridPoint, AppConfig config) {
    public long seed() {
        return config.train().seed();
    }
}
