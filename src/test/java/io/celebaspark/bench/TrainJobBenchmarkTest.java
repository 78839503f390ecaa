package io.celebaspark.bench;

import io.celebaspark.app.AppConfig;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench-speed's train-job row: the real job's epochs come back timed, and no run is left behind. */
class TrainJobBenchmarkTest extends SharedSparkSession {
    @TempDir
    Path work;

    private static AppConfig config(String epochs) {
        return AppConfig.load(null, Map.of("train.epochs", epochs, "schedule.kind", "constant",
                "train.batch-per-worker", "64", "train.workers", "2", "train.eval-batch", "256"));
    }

    @Test
    void timesEveryEpochOfTheRealJobAndRemovesItsRun() throws IOException {
        Path data = SyntheticTensors.data(spark(), 1000, 32);
        Path jobWork = work.resolve("train-job");

        TrainJobBenchmark.Result result = TrainJobBenchmark.run(spark(), config("2"), data.toString(), jobWork,
                line -> System.out.println("bench: " + line));

        assertEquals(2, result.epochs().size());
        long trainImages = result.epochs().get(0).fit().examples();
        assertTrue(trainImages > 0);
        result.epochs().forEach(e -> assertEquals(trainImages, e.fit().examples(), "every epoch trains every image"));
        assertTrue(result.epochSeconds().min() > 0);
        assertTrue(result.examplesPerSecond().min() > 0);
        assertTrue(result.epochSeconds().min() >= result.epochs().stream()
                .mapToDouble(e -> e.fit().seconds()).min().orElseThrow(), "epoch wall time includes training");
        assertFalse(Files.exists(jobWork), "the benchmark's run folder and metrics tables are removed");
    }

    @Test
    void aMissingDataFolderFailsNamingItAndLeavesNothing() {
        Path jobWork = work.resolve("train-job");
        Exception e = assertThrows(Exception.class, () -> TrainJobBenchmark.run(spark(), config("1"),
                work.resolve("no-such-data").toString(), jobWork, line -> { }));
        assertTrue(e.getMessage().contains("no-such-data"), e.getMessage());
        assertFalse(Files.exists(jobWork));
    }
}
