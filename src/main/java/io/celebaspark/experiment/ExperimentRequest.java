package io.celebaspark.experiment;

import io.celebaspark.train.TrainingListener;

import java.util.List;
import java.util.function.Consumer;

/**
 * What {@link ExperimentJob} runs: an expanded plan against one data folder, metrics root and runs folder
 * (docs/architecture.md).
 *
 * @param dataDir    the data folder written by preprocess
 * @param metricsDir the metrics root; the runs table says which runs are finished
 * @param runsDir    the folder of run folders; checkpoints to resume from are there
 * @param plan       the runs, in order
 * @param dryRun     only say what each run would do; train nothing
 * @param parallel   how many runs train at a time (1: one after another), each on its own thread and in its own
 *                   scheduler pool ({@link ExperimentJob}); more than 1 is refused when a run may scale out
 *                   ({@link ExperimentPlan#checkParallel})
 * @param listeners  extra listeners of every run, after the train job's own; shared by all runs, so with
 *                   {@code parallel > 1} called from several threads at once
 * @param console    where progress lines go: the experiment's ({@code experiment: ...}) and its runs'
 *                   ({@code train: ...})
 */
public record ExperimentRequest(String dataDir, String metricsDir, String runsDir, ExperimentPlan plan, boolean dryRun,
                                int parallel, List<TrainingListener> listeners, Consumer<String> console) {
    public ExperimentRequest {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel needs at least 1 run at a time, got " + parallel);
        }
        plan.checkParallel(parallel);
        listeners = List.copyOf(listeners);
    }
}
