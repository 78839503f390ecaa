package io.celebaspark.cost;

import java.util.List;

/**
 * The cost model's prediction: a batch schedule ({@link BatchPhase}s), laid out on a cluster
 * ({@link ClusterShape}) and timed by a round-time model ({@link RoundTimeModel}), phase by phase and in total.
 * Wall time is rounds &times; t_r(W, b) with every task on a core of its own (the executors a phase needs are
 * there when it starts: the latency of adding them is not modelled); core-seconds are what the executors
 * the phase holds bill for that time.
 */
public final class CostForecast {
    private CostForecast() {
    }

    /**
     * Totals of some phases.
     *
     * @param rounds        rounds
     * @param wallSeconds   wall time, seconds
     * @param coreSeconds   held core-seconds
     * @param executorsMax  most executors any phase held
     * @param progress      minimal steps made; NaN when a phase's is unknown
     */
    public record Total(double rounds, double wallSeconds, double coreSeconds, int executorsMax, double progress) {
    }

    /** Each phase priced; the schedule starts at the first phase's global batch. */
    public static List<PhaseCost> price(List<BatchPhase> phases, ClusterShape cluster, RoundTimeModel model) {
        if (phases.isEmpty()) {
            return List.of();
        }
        double startBatch = phases.get(0).globalBatch();
        return phases.stream().map(p -> {
            ClusterShape.Placement at = cluster.place(p.globalBatch(), startBatch);
            double round = model.seconds(at.workers(), at.batchPerWorker());
            double wall = p.rounds() * round;
            return new PhaseCost(p, at, round, wall, (double) at.executors() * cluster.coresPerExecutor() * wall);
        }).toList();
    }

    /** The totals of every phase. */
    public static Total total(List<PhaseCost> costs) {
        return upToEpoch(costs, Integer.MAX_VALUE);
    }

    /** The totals of the phases of epochs up to {@code epoch}, included: a run's cost to its target epoch. */
    public static Total upToEpoch(List<PhaseCost> costs, int epoch) {
        double rounds = 0;
        double wall = 0;
        double core = 0;
        double progress = 0;
        int executors = 0;
        for (PhaseCost c : costs) {
            if (c.phase().epoch() > epoch) {
                continue;
            }
            rounds += c.phase().rounds();
            wall += c.wallSeconds();
            core += c.coreSeconds();
            progress += c.phase().progress();
            executors = Math.max(executors, c.placement().executors());
        }
        return new Total(rounds, wall, core, executors, progress);
    }
}
