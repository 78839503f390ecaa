package io.celebaspark.bench;

import io.celebaspark.app.AppConfig;
import io.celebaspark.train.EpochReport;
import io.celebaspark.train.RunOutcome;
import io.celebaspark.train.TrainJob;
import io.celebaspark.train.TrainRequest;
import io.celebaspark.train.TrainingListener;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What a user of the {@code train} command gets on a real data folder (e.g. the tensors of the CelebA
 * sample): the whole job, with its minibatch files, validation, checkpoints and metrics writes, timed epoch by
 * epoch. {@link SpeedBenchmark}'s rows time training alone on synthetic images; this is the figure that decides
 * what an experiment costs, so it is printed beside them. The run uses the {@code constant} schedule, so
 * every epoch does the same work and the epochs are the repeats (min/median/max); the first epoch includes
 * the JVM's and oneDNN's warm-up, which the median discounts.
 */
public final class TrainJobBenchmark {

    /** The epochs of one benchmark run, in order. */
    public record Result(List<EpochReport> epochs) {
        public Result {
            epochs = List.copyOf(epochs);
        }

        /** Wall time per epoch, training and validation. */
        public Spread epochSeconds() {
            return Spread.of(epochs.stream().mapToDouble(EpochReport::seconds).toArray());
        }

        /** Training examples per second per epoch (validation excluded). */
        public Spread examplesPerSecond() {
            return Spread.of(epochs.stream().mapToDouble(EpochReport::examplesPerSecond).toArray());
        }
    }

    private TrainJobBenchmark() {
    }

    /**
     * Trains one run of {@code config} (which sets the epoch budget and the {@code constant} schedule) on
     * {@code dataDir}. Its run folder and metrics tables go to {@code work}, which is emptied before and
     * removed after: a benchmark leaves no run behind.
     *
     * @throws IllegalStateException when the run fails, with the job's reason
     */
    public static Result run(SparkSession spark, AppConfig config, String dataDir, Path work, Consumer<String> console)
            throws IOException {
        List<EpochReport> epochs = new ArrayList<>();
        TrainingListener collector = new TrainingListener() {
            @Override
            public void onEpochEnded(EpochReport report) {
                epochs.add(report);
            }
        };
        deleteTree(work);
        RunOutcome outcome;
        try {
            outcome = TrainJob.run(spark, new TrainRequest(dataDir, work.resolve("metrics").toString(),
                    work.resolve("runs").toString(), null, null, config.train(), config.resolvedJson(), List.of(collector),
                    console));
        } finally {
            deleteTree(work);
        }
        if (outcome.status() != RunOutcome.Status.FINISHED) {
            throw new IllegalStateException("the benchmark's training run " + outcome.runId() + " failed: "
                    + outcome.failure().orElse("no reason recorded"));
        }
        return new Result(epochs);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
