package io.celebaspark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celebaspark.testing.LocalCluster;
import io.celebaspark.testing.ReadOnlyFolder;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input through the real commands (docs/cluster-faults.md, "What can go wrong"): each case ends in one
 * clear line naming the file, row or key and what to do, or in a counted reject, and loses nothing already
 * written. One small data set (synthetic, 32x32) and one one-epoch run are shared by the cases.
 */
@Tag("e2e")
class BadInputIT {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/bad-input");
    private static final Path CELEBA = WORK.resolve("celeba");
    private static final Path DATA = WORK.resolve("data-32");
    private static final String METRICS = WORK.resolve("metrics").toString();
    private static final String RUNS = WORK.resolve("runs").toString();
    private static final String RUN = "base";
    private static final String TYPO = "train.labels=[Male,Smilng]";
    private static final String SUGGESTION = "unknown label 'Smilng'; did you mean 'Smiling'?";

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, Map.of("CELEBA_WORK_DIR", WORK.resolve("scratch").toString(),
                "CELEBA_DRIVER_MEMORY", "2g"), Duration.ofMinutes(10), script, args);
    }

    private static String[] train(String metrics, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", DATA.toString(), "--metrics", metrics, "--output", RUNS,
                "--master", "local[2]", "--epochs", "1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A failed command: its exit code, its reason as the last line, and no stack trace anywhere. */
    private static void refused(Run run, int exit, String... lastLineParts) {
        assertEquals(exit, run.exit(), run.output());
        for (String part : lastLineParts) {
            assertTrue(run.lastLine().contains(part), "'" + part + "' not in the last line: " + run.output());
        }
        assertFalse(run.output().contains("\tat "), "a stack trace: " + run.output());
    }

    @BeforeAll
    static void dataAndOneRun() throws Exception {
        LocalCluster.deleteRecursively(WORK);
        assertEquals(0, run("synth.sh", "--output", CELEBA.toString(), "--count", "120").exit());
        Run preprocess = run("preprocess.sh", "--input", CELEBA.toString(), "--output", DATA.toString(),
                "--set", "preprocess.image-size=32", "--master", "local[2]");
        assertEquals(0, preprocess.exit(), preprocess.output());
        Run train = run("train.sh", train(METRICS, "--run-id", RUN));
        assertEquals(0, train.exit(), train.output());
    }

    @Test
    void aLabelTypoIsOneLineWithASuggestionInEveryCommand() throws Exception {
        Path experiment = Files.writeString(WORK.resolve("typo.conf"), """
                experiment {
                  settings { train.labels = [Male, Smilng] }
                  arms = [{ name = constant, settings { schedule.kind = constant } }]
                  grid { train.seed = [1] }
                }
                """);
        List<Run> runs = List.of(
                run("train.sh", train(METRICS, "--run-id", "typo", "--set", TYPO)),
                run("experiment.sh", "--data", DATA.toString(), "--metrics", METRICS, "--output", RUNS,
                        experiment.toString()),
                run("predict.sh", "--model", RUNS + "/" + RUN + "/final", "--set", TYPO,
                        CELEBA.resolve("Img/img_align_celeba/000001.jpg").toString()),
                run("preprocess.sh", "--input", CELEBA.toString(), "--output", WORK.resolve("never").toString(),
                        "--set", TYPO));
        for (Run r : runs) {
            refused(r, 2, "train.labels", SUGGESTION);
        }
        assertTrue(runs.get(1).lastLine().contains(experiment.getFileName().toString()), runs.get(1).lastLine());
        assertFalse(Files.exists(Path.of(RUNS, "typo")));
    }

    @Test
    void aResumeOnOtherDataNamesWhatDiffersAndWritesNothing() throws Exception {
        Path other = WORK.resolve("data-24");
        Run preprocess = run("preprocess.sh", "--input", CELEBA.toString(), "--output", other.toString(),
                "--set", "preprocess.image-size=24", "--master", "local[2]");
        assertEquals(0, preprocess.exit(), preprocess.output());
        List<String> commits = deltaCommits();

        Run resume = run("train.sh", "--data", other.toString(), "--metrics", METRICS, "--output", RUNS,
                "--resume", RUN, "--master", "local[2]");

        refused(resume, 1, "cannot resume run '" + RUN + "'",
                "image size: the model was trained on 32x32, the data is 24x24",
                "give --data the folder it started with (" + DATA + ")");
        assertEquals(commits, deltaCommits(), "the metrics tables are untouched");
    }

    @Test
    void aReadOnlyMetricsRootIsRefusedBeforeAnyTraining() throws Exception {
        Path readOnly = WORK.resolve("read-only-metrics");
        Run train;
        try (ReadOnlyFolder folder = ReadOnlyFolder.of(readOnly)) {
            train = run("train.sh", train(readOnly.toString(), "--run-id", "read-only"));
        }
        refused(train, 1, "metrics root " + readOnly + " is not writable", "give --metrics a folder");
        assertFalse(train.output().contains("train: epoch"), train.output());
        assertFalse(Files.exists(Path.of(RUNS, "read-only")), "no run folder is left to trip the next attempt");
    }

    @Test
    void anExistingOutputIsRefusedAndKept() throws Exception {
        byte[] manifest = Files.readAllBytes(DATA.resolve("manifest.json"));
        Run preprocess = run("preprocess.sh", "--input", CELEBA.toString(), "--output", DATA.toString(),
                "--set", "preprocess.image-size=32", "--master", "local[2]");
        refused(preprocess, 2, DATA.toString(), "--overwrite");
        assertArrayEquals(manifest, Files.readAllBytes(DATA.resolve("manifest.json")));

        Path runJson = Path.of(RUNS, RUN, "run.json");
        byte[] recorded = Files.readAllBytes(runJson);
        List<String> commits = deltaCommits();
        Run again = run("train.sh", train(METRICS, "--run-id", RUN));
        refused(again, 1, "run folder", "exists already", "--resume " + RUN);
        assertArrayEquals(recorded, Files.readAllBytes(runJson));
        assertTrue(Files.isDirectory(Path.of(RUNS, RUN, "final")));
        assertEquals(commits, deltaCommits());
    }

    @Test
    void aCorruptJpegAndCutAnnotationRowsAreCountedRejectsAndTheRestIsProcessed() throws Exception {
        Path bad = WORK.resolve("celeba-damaged");
        FileUtils.copyDirectory(CELEBA.toFile(), bad.toFile());
        Path images = bad.resolve("Img/img_align_celeba");
        byte[] jpeg = Files.readAllBytes(images.resolve("000007.jpg"));
        Files.write(images.resolve("000007.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.write(images.resolve("000008.jpg"), garbled(Files.readAllBytes(images.resolve("000008.jpg"))));
        cutLastRow(bad.resolve("Anno/list_attr_celeba.txt"));
        cutLastRow(bad.resolve("Eval/list_eval_partition.txt"));
        Path out = WORK.resolve("data-damaged");

        Run preprocess = run("preprocess.sh", "--input", bad.toString(), "--output", out.toString(),
                "--set", "preprocess.image-size=32", "--set", "preprocess.max-reject-fraction=0.1",
                "--master", "local[2]");

        assertEquals(0, preprocess.exit(), preprocess.output());
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        long kept = 0;
        for (JsonNode split : manifest.get("splits")) {
            kept += split.get("images").asLong();
        }
        assertEquals(117, kept, "all but the two broken photos and the image of the cut rows");
        Run rejects = run("sql.sh", "--metrics", METRICS, "--format", "csv", "SELECT image_id, path, reason, detail"
                + " FROM parquet.`" + out.resolve("rejects") + "` ORDER BY image_id, reason, detail");
        assertEquals(0, rejects.exit(), rejects.output());
        List<String> rows = rejects.output().lines().filter(l -> l.matches(
                ".*,(truncated|undecodable|malformed_annotation|no_annotation|no_partition),.*")).toList();
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("000007.jpg,") && r.contains(",truncated,")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("000008.jpg,") && r.contains(",undecodable,")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.contains("malformed_annotation") && r.contains("list_attr_celeba.txt")),
                rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.contains("malformed_annotation")
                && r.contains("list_eval_partition.txt")), rows.toString());
        try (Stream<Path> beside = Files.list(WORK)) {
            assertEquals(List.of(), beside.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "no staging folder left beside the output");
        }
    }

    /**
     * 64 random bytes (seeded, no 0xFF, so no marker) written over the middle of the compressed data, as a bad
     * disk or transfer leaves a file: the header stays valid and the file ends as it should.
     */
    private static byte[] garbled(byte[] jpeg) {
        byte[] garbled = jpeg.clone();
        Random random = new Random(1);
        for (int i = jpeg.length / 2; i < jpeg.length / 2 + 64; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == 0xFF);
            garbled[i] = (byte) b;
        }
        return garbled;
    }

    /** Cuts a text file in the middle of its last row, as an interrupted download or copy leaves it. */
    private static void cutLastRow(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).stripTrailing();
        int lastRow = text.lastIndexOf('\n') + 1;
        Files.writeString(file, text.substring(0, lastRow + (text.length() - lastRow) / 2), StandardCharsets.US_ASCII);
    }

    /** The commit files of every metrics table: what a refused command must leave as it was. */
    private static List<String> deltaCommits() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(METRICS))) {
            return files.filter(p -> p.getParent().getFileName().toString().equals("_delta_log"))
                    .map(p -> Path.of(METRICS).relativize(p).toString()).sorted().toList();
        }
    }
}
