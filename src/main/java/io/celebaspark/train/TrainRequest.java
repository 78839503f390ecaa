package io.celebaspark.train;

import java.util.List;
import java.util.function.Consumer;

/**
 * One invocation of the training job.
 *
 * @param dataDir    a data folder written by {@code preprocess} (any Hadoop URI)
 * @param metricsDir the metrics root whose Delta tables the run writes into
 * @param runsDir    the folder of run folders (checkpoints, models)
 * @param runId      the id of a new run, or {@code null} to generate one
 * @param resumeId   the id of a run to continue from its last checkpoint, or {@code null} for a new run;
 *                   a resumed run keeps the configuration it was started with
 * @param settings   the validated training settings of a new run (ignored when resuming)
 * @param configJson every configuration value of a new run, as run with, for its records (ignored when resuming)
 * @param listeners  extra listeners, after the job's own (checkpoints, metrics, console)
 * @param console    where progress lines go
 */
public record TrainRequest(String dataDir, String metricsDir, String runsDir, String runId, String resumeId,
                           TrainSettings settings, String configJson, List<TrainingListener> listeners,
                           Consumer<String> console) {
    public TrainRequest {
        listeners = List.copyOf(listeners);
    }
}
