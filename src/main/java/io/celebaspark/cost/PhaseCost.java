package io.celebaspark.cost;

/**
 * What one {@link BatchPhase} costs on a cluster under a {@link RoundTimeModel}.
 *
 * @param phase          the phase
 * @param placement      its workers, batch per worker and executors
 * @param roundSeconds   t_r(W, b)
 * @param wallSeconds    rounds &times; t_r
 * @param coreSeconds    executors' cores &times; wall seconds: what the cluster bills for the phase
 */
public record PhaseCost(BatchPhase phase, ClusterShape.Placement placement, double roundSeconds, double wallSeconds,
                        double coreSeconds) {
}
