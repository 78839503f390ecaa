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
 * @param listeners  extra listeners of every run, after the train job's own
 * @param console    where progress lines go: the experiment's ({@code experiment: ...}) and its runs'
 *                   ({@code train: ...})
 */
public record ExperimentRequest(String dataDir, String metricsDir, String runsDir, ExperimentPlan plan, boolean dryRun,
                                List<TrainingListener> listeners, Consumer<String> console) {
    public ExperimentRequest {
        listeners = List.copyOf(listeners);
    }
}
