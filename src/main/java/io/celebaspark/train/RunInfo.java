package io.celebaspark.train;

import io.celebaspark.train.spark.ParameterAveragingTrainer;

import java.time.Instant;
import java.util.Optional;

/**
 * A run as it starts: who it is and what it trains with, for the listeners' first event.
 *
 * @param runId         the run's id (its folder under RUNS_DIR and its key in the metrics tables)
 * @param settings      the validated settings
 * @param configJson    the resolved configuration, as recorded for provenance
 * @param codeVersion   the build that runs it
 * @param manifestSha   SHA-256 of the data's manifest.json
 * @param sparkMaster   the Spark master URL
 * @param workers       workers averaging parameters
 * @param trainExamples training images
 * @param startedAt     when the run first started (kept across resumes)
 * @param resumedFrom   the checkpointed last epoch a resumed run continues after; empty for a new run
 * @param computation   which code computes the network's layers (layout, convolution and BatchNorm helpers, forward
 *                      cache), as {@code NetworkFactory.describeComputation} says: the stock or the fast path;
 *                      then the OpenMP team of every task, as {@code TaskThreads.describe} says
 */
public record RunInfo(String runId, TrainSettings settings, String configJson, String codeVersion, String manifestSha,
                      String sparkMaster, int workers, long trainExamples, Instant startedAt,
                      Optional<EpochReport> resumedFrom, String computation) {
    /**
     * Which code paths train the network, for the {@code runs} table: the layers' ({@link #computation}) and the
     * averaging round's ({@code train.spark.reuse-workers}), in the words of the run's log.
     */
    public String trainingPath() {
        return "layers: " + computation + "; averaging round: " + ParameterAveragingTrainer.describe(settings.reuseWorkers());
    }
}
