package io.celebaspark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celebaspark.testing.LocalCluster;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training path as a user runs it, through the real scripts: synth, preprocess, two training runs (batch
 * growth and LR decay), the {@code sql} command over their metrics tables, a resume of a finished run, and
 * {@code predict} with the saved model.
 */
@Tag("e2e")
class TrainScriptsIT {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/train");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, Map.of("CELEBA_WORK_DIR", WORK.resolve("scratch").toString(),
                "CELEBA_DRIVER_MEMORY", "3g"), Duration.ofMinutes(10), script, args);
    }

    private static List<JsonNode> jsonLines(String output) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    @Test
    void trainBothArmsQueryThemAndPredict() throws Exception {
        Path celeba = WORK.resolve("celeba");
        Path data = WORK.resolve("data");
        String metrics = WORK.resolve("metrics").toString();
        String runs = WORK.resolve("runs").toString();
        LocalCluster.deleteRecursively(celeba); // synth refuses an existing folder: a rerun starts afresh
        assertEquals(0, run("synth.sh", "--output", celeba.toString(), "--count", "500").exit());
        Run preprocess = run("preprocess.sh", "--input", celeba.toString(), "--output", data.toString(), "--overwrite",
                "--set", "preprocess.image-size=32", "--master", "local[2]");
        assertEquals(0, preprocess.exit(), preprocess.output());

        // min-delta 10: the second epoch is a plateau, so each schedule changes its knob once
        String[] common = {"--data", data.toString(), "--metrics", metrics, "--output", runs, "--master", "local[2]",
                "--epochs", "3", "--set", "schedule.patience=1", "--set", "schedule.min-delta=10",
                "--set", "train.batch-per-worker=32"};
        for (String schedule : List.of("batch-growth", "lr-decay")) {
            List<String> args = new ArrayList<>(List.of(common));
            args.addAll(List.of("--run-id", schedule, "--schedule", schedule));
            Run train = run("train.sh", args.toArray(String[]::new));
            assertEquals(0, train.exit(), train.output());
            assertTrue(train.output().contains("train: epoch 3/3"), train.output());
            assertTrue(train.output().contains("run " + schedule + " FINISHED"), train.output());
        }

        Run epochs = run("sql.sh", "--metrics", metrics, "--format", "json",
                "SELECT run_id, epoch, batch_per_worker, learning_rate FROM epochs ORDER BY run_id, epoch");
        assertEquals(0, epochs.exit(), epochs.output());
        List<String> rows = jsonLines(epochs.output()).stream().map(r -> r.get("run_id").asText() + " "
                + r.get("epoch").asInt() + " " + r.get("batch_per_worker").asInt() + " "
                + r.get("learning_rate").asDouble()).toList();
        assertEquals(List.of("batch-growth 1 32 0.001", "batch-growth 2 32 0.001", "batch-growth 3 64 0.001",
                "lr-decay 1 32 0.001", "lr-decay 2 32 0.001", "lr-decay 3 32 5.0E-4"), rows);
        Run events = run("sql.sh", "--metrics", metrics,
                "SELECT run_id, epoch, kind, old_value, new_value FROM events ORDER BY run_id, epoch, kind");
        assertEquals(0, events.exit(), events.output());
        assertTrue(events.output().contains("BATCH_GROWN"), events.output());
        assertTrue(events.output().contains("LR_DECAYED"), events.output());

        Run resume = run("train.sh", "--data", data.toString(), "--metrics", metrics, "--output", runs,
                "--resume", "lr-decay", "--set", "train.epochs=9");
        assertEquals(2, resume.exit(), resume.output());
        assertTrue(resume.lastLine().contains("keeps the configuration it was started with"), resume.lastLine());

        Path images = celeba.resolve("Img/img_align_celeba");
        Run predict = run("predict.sh", "--model", runs + "/batch-growth/best", "--format", "json",
                images.resolve("000001.jpg").toString(), images.resolve("000002.jpg").toString());
        assertEquals(0, predict.exit(), predict.output());
        List<JsonNode> predictions = jsonLines(predict.output());
        assertEquals(2, predictions.size(), predict.output());
        for (JsonNode p : predictions) {
            for (String label : List.of("Male", "Smiling", "Eyeglasses")) {
                double probability = p.get(label).asDouble();
                assertTrue(probability >= 0 && probability <= 1, p.toString());
            }
        }
    }
}
