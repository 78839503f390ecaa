package io.celebaspark.experiment;

import java.util.List;
import java.util.Optional;

/**
 * What a launch of an experiment did with each of its runs, in plan order: what the command summarises
 * and tests assert on.
 *
 * @param runs one result per planned run
 */
public record ExperimentResult(List<RunResult> runs) {
    /** How a run ended in this launch. */
    public enum Outcome {
        /** Trained to its end in this launch (started or resumed). */
        FINISHED,
        /** Started or resumed, then failed; the next launch resumes it. */
        FAILED,
        /** Already FINISHED before this launch. */
        SKIPPED,
        /** Not run: see {@link RunDecision#reason()}. */
        REFUSED,
        /** A dry run: nothing was done. */
        PLANNED
    }

    /**
     * One run's part.
     *
     * @param run      the planned run
     * @param decision what the launch decided for it
     * @param outcome  how it ended
     * @param failure  why it failed or was refused
     */
    public record RunResult(PlannedRun run, RunDecision decision, Outcome outcome, Optional<String> failure) {
    }

    public ExperimentResult {
        runs = List.copyOf(runs);
    }

    /** The runs that failed or were refused: the command's exit code is 1 when there are any. */
    public List<RunResult> unfinished() {
        return runs.stream().filter(r -> r.outcome() == Outcome.FAILED || r.outcome() == Outcome.REFUSED).toList();
    }

    public long count(Outcome outcome) {
        return runs.stream().filter(r -> r.outcome() == outcome).count();
    }
}
