package io.celebaspark.train.spark;

/**
 * Where an epoch of averaging rounds spent its wall time: in the workers' training steps, or around them (the
 * Spark round's own overhead: scheduling, broadcasting the parameters, building or loading the workers'
 * networks, reading minibatch files, shipping and averaging the results; writing the epoch's minibatch files is
 * spread over its rounds).
 *
 * @param rounds            averaging rounds in the epoch
 * @param workers           workers training side by side in a round
 * @param workerStepSeconds all workers' {@code fit} calls together, summed over workers
 * @param epochSeconds      the epoch's wall time
 */
public record RoundOverhead(long rounds, int workers, double workerStepSeconds, double epochSeconds) {
    /**
     * Seconds per round not spent in a worker's step: the round's wall time minus the mean worker's step time (the
     * workers train at once, so a slower worker's extra time counts as overhead too).
     */
    public double overheadPerRound() {
        return (epochSeconds - workerStepSeconds / workers) / rounds;
    }
}
