package io.celebaspark.cost;

/**
 * What one epoch of a run cost, the {@code epochs} table's cost columns. Held core-seconds are what a cluster
 * bills (cores &times; the time the executors were held, idle or not); busy core-seconds are the part spent
 * running the run's tasks, so {@code busy / held} is the utilisation. The window of an epoch runs from the
 * end of the previous epoch's window (the run's start, for its first epoch) to this epoch's end, so the
 * windows of a run tile its time: checkpoints and table writes after an epoch are billed to the next, and the
 * sum over epochs is everything the run held.
 *
 * @param executorsMax     most executors registered at once during the window
 * @param executorsMean    executors registered, time-weighted over the window
 * @param heldCoreSeconds  the run's share of held core-seconds in the window (runs of one application active
 *                         at the same time split them equally)
 * @param busyCoreSeconds  its tasks' run time &times; cores per task, over the tasks that ended in the window
 * @param rounds           its averaging rounds; {@code null} for a trainer without rounds (the one-JVM one)
 */
public record EpochCost(int executorsMax, double executorsMean, double heldCoreSeconds, double busyCoreSeconds,
                        RoundTimes rounds) {
}
