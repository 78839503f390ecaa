package io.celebaspark.e2e;

import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celebaspark.data.CelebaAttributes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through the real {@code submit/*.sh} scripts: the shaded jar, {@code SparkSubmit} and the
 * {@code --class} name they use, exactly as a user runs them (a stale class name in a script fails here).
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubmitScriptsIT {
    private static final Path PROJECT = SubmitScript.PROJECT;
    private static final Path WORK = PROJECT.resolve("target/it");

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, Map.of("CELEBA_WORK_DIR", WORK.resolve("scratch").toString(),
                "CELEBA_DRIVER_MEMORY", "3g"), Duration.ofMinutes(15), script, args);
    }

    @Test
    @Order(1)
    void quickstartRunsTheWholePathThroughSparkSubmit() throws Exception {
        Path workdir = WORK.resolve("quickstart");
        Run run = run("quickstart.sh", "--workdir", workdir.toString(), "--count", "400", "--epochs", "2",
                "--master", "local[2]");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("synth: wrote 400 images"), run.output());
        assertTrue(run.output().contains("preprocess: wrote"), run.output());
        assertTrue(run.output().contains("experiment: quick: 4 runs: 4 finished now"), run.output());
        assertTrue(run.output().contains("train: epoch 2/2"), run.output());
        assertTrue(run.output().contains("| schedule.alpha=2, train.optimizer=adam |"), "the verdict table: " + run.output());
        assertTrue(run.output().contains("the null hypothesis is"), run.output());
        assertTrue(Files.size(workdir.resolve("report/index.html")) > 10_000, "the report with its charts");
        assertTrue(run.output().contains("000003.jpg"), run.output());
        assertTrue(run.output().contains("== done"), run.output());
        assertTrue(run.output().contains("serve.sh --model " + workdir + "/runs/quick-batch-growth-a2-adam-s1/best"),
                "the quickstart prints the serve command for its model: " + run.output());
        JsonNode manifest = new ObjectMapper().readTree(workdir.resolve("data/manifest.json").toFile());
        long images = 0;
        for (String split : List.of("train", "val", "test")) {
            images += manifest.get("splits").get(split).get("images").asLong();
        }
        assertEquals(400, images);
        assertTrue(manifest.get("code_version").asText().contains("+"), "code version carries the git commit");
    }

    /**
     * The notebooks, executed headless on the quickstart's metrics tables as a user would run them; a failing
     * cell fails. Skipped without Jupyter, unless CELEBA_REQUIRE_NOTEBOOKS=1 (as .ci/run sets, having
     * installed Debian's jupyter-nbconvert, ipykernel, pandas and matplotlib).
     */
    @Test
    @Order(2)
    void notebooksExecuteOnTheQuickstartsMetrics() throws Exception {
        Path metrics = WORK.resolve("quickstart/metrics");
        Assumptions.assumeTrue(Files.isDirectory(metrics.resolve("runs")), "skipped: the quickstart test did not run");
        boolean required = "1".equals(System.getenv("CELEBA_REQUIRE_NOTEBOOKS"));
        Run version = SubmitScript.runCommand(WORK, Map.of(), Duration.ofMinutes(1), "jupyter",
                List.of("bash", "-c", "jupyter nbconvert --version"));
        if (version.exit() != 0) {
            assertTrue(!required, "CELEBA_REQUIRE_NOTEBOOKS=1 but jupyter nbconvert is missing: " + version.output());
            Assumptions.abort("skipped: no jupyter nbconvert (apt-get install jupyter-nbconvert python3-ipykernel "
                    + "python3-pandas python3-matplotlib)");
        }
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(PROJECT.resolve("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(2, notebooks.size(), notebooks.toString());
        Path executed = WORK.resolve("notebooks");
        List<String> command = new ArrayList<>(List.of("jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.timeout=900", "--output-dir", executed.toString()));
        notebooks.forEach(n -> command.add(n.toString()));
        Run run = SubmitScript.runCommand(WORK, Map.of("CELEBA_METRICS", metrics.toString(), "CELEBA_EXPERIMENT",
                "quick", "CELEBA_SQL_MASTER", "local[2]", "CELEBA_WORK_DIR", WORK.resolve("scratch").toString()),
                Duration.ofMinutes(20), "nbconvert", command);
        assertEquals(0, run.exit(), run.output());
        for (Path notebook : notebooks) {
            JsonNode cells = new ObjectMapper().readTree(executed.resolve(notebook.getFileName()).toFile()).get("cells");
            int charts = 0;
            for (JsonNode cell : cells) {
                for (JsonNode output : cell.path("outputs")) {
                    assertTrue(!"error".equals(output.path("output_type").asText()), notebook + ": " + output);
                    charts += output.path("data").has("image/png") ? 1 : 0;
                }
            }
            assertTrue(charts >= 1, notebook + " drew no chart");
        }
        for (Path notebook : notebooks) {
            JsonNode committed = new ObjectMapper().readTree(notebook.toFile());
            for (JsonNode cell : committed.get("cells")) {
                assertEquals(0, cell.path("outputs").size(), notebook + " is committed with outputs: clear them");
            }
        }
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhyOnTheLastLine() throws Exception {
        Run missing = run("preprocess.sh", "--output", WORK.resolve("never").toString());
        assertEquals(2, missing.exit(), missing.output());
        assertEquals("preprocess: --input CELEBA_ROOT is required", missing.lastLine());

        Run layout = run("preprocess.sh", "--input", WORK.toString(), "--output", WORK.resolve("never").toString());
        assertEquals(2, layout.exit(), layout.output());
        assertTrue(layout.output().contains("list_attr_celeba"), layout.output());

        Run help = run("synth.sh", "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().contains("usage: celeba-spark synth"), help.output());
    }

    /**
     * The executors' JVM options name this machine's scratch folders, so the scripts give them only where the
     * executors run here (local mode, a standalone master on the loopback), and never over a properties file's
     * own (the Kubernetes image's); the driver's likewise only where it runs here (not in deploy mode cluster). Seen through a stand-in {@code SPARK_HOME} whose spark-submit prints its
     * arguments.
     */
    @Test
    void executorJvmOptionsOnlyWhereTheExecutorsShareThisMachine() throws Exception {
        Path sparkHome = WORK.resolve("echo-spark-home");
        Files.createDirectories(sparkHome.resolve("bin"));
        Path submit = sparkHome.resolve("bin/spark-submit");
        Files.writeString(submit, "#!/usr/bin/env bash\nprintf 'arg: %s\\n' \"$@\"\n");
        submit.toFile().setExecutable(true);
        Map<String, String> env = Map.of("CELEBA_WORK_DIR", WORK.resolve("scratch").toString(),
                "SPARK_HOME", sparkHome.toString());
        String metrics = WORK.resolve("no-metrics").toString();
        String options = "arg: spark.executor.extraJavaOptions=";
        String scratch = options + "-Dorg.bytedeco.javacpp.cachedir=" + WORK.resolve("scratch/javacpp-cache");

        Run loopback = SubmitScript.run(WORK, env, Duration.ofMinutes(2), "sql.sh", "--metrics",
                metrics, "--master", "spark://127.0.0.1:7077", "SELECT 1");
        assertEquals(0, loopback.exit(), loopback.output());
        assertTrue(loopback.output().contains(scratch), loopback.output());

        Run kubernetes = SubmitScript.run(WORK, env, Duration.ofMinutes(2), "sql.sh", "--metrics",
                metrics, "--properties-file", PROJECT.resolve("conf/cluster-kubernetes.properties").toString(), "SELECT 1");
        assertEquals(0, kubernetes.exit(), kubernetes.output());
        assertTrue(kubernetes.output().contains("arg: k8s://"), "the master from the file: " + kubernetes.output());
        assertFalse(kubernetes.output().contains(options), "the file's own options stand: " + kubernetes.output());
        assertFalse(kubernetes.output().contains("arg: --driver-java-options"),
                "the driver runs on the cluster (deploy mode cluster): " + kubernetes.output());
        assertTrue(loopback.output().contains("arg: --driver-java-options"), loopback.output());

        Run yarn = SubmitScript.run(WORK, env, Duration.ofMinutes(2), "sql.sh", "--metrics", metrics,
                "--master", "yarn", "SELECT 1");
        assertEquals(0, yarn.exit(), yarn.output());
        assertFalse(yarn.output().contains(options), "no submit-machine paths on the nodes: " + yarn.output());
    }

    /** The issue's acceptance run: the real CelebA sample through submit/preprocess.sh. */
    @Test
    void realCelebaSampleGivesTheOfficialSplitCountsAndLabelRates() throws Exception {
        Path sample = Path.of(System.getProperty("celeba.sample", "../shared/celeba-sample"));
        Assumptions.assumeTrue(Files.isDirectory(sample.resolve("Img/img_align_celeba")),
                "skipped: no real CelebA sample at " + sample.toAbsolutePath() + " (it lives in ../shared)");
        Path data = WORK.resolve("celeba-sample-data");
        Run run = run("preprocess.sh", "--input", sample.toString(), "--output", data.toString(), "--overwrite");
        assertEquals(0, run.exit(), run.output());

        JsonNode splits = new ObjectMapper().readTree(data.resolve("manifest.json").toFile()).get("splits");
        assertEquals(4560, splits.get("train").get("images").asLong());
        assertEquals(780, splits.get("val").get("images").asLong());
        assertEquals(0, splits.get("test").get("images").asLong());
        assertEquals(162_770 - 4560, splits.get("train").get("missing").asLong());
        assertEquals(19_867 - 780, splits.get("val").get("missing").asLong());
        assertEquals(19_962, splits.get("test").get("missing").asLong());
        for (String split : List.of("train", "val", "test")) {
            assertEquals(0, splits.get(split).get("rejected").asLong(), split);
        }

        // label rates against the annotation file, over the images that are present
        Set<String> present;
        try (Stream<Path> files = Files.list(sample.resolve("Img/img_align_celeba"))) {
            present = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Map<String, String> partition = new HashMap<>();
        for (String line : Files.readAllLines(sample.resolve("Eval/list_eval_partition.txt"))) {
            String[] f = line.trim().split("\\s+");
            partition.put(f[0], f[1]);
        }
        List<String> attr = Files.readAllLines(sample.resolve("Anno/list_attr_celeba.txt"));
        for (String label : List.of("Male", "Smiling", "Eyeglasses")) {
            int column = CelebaAttributes.indexOf(label) + 1;
            for (String[] split : new String[][]{{"0", "train"}, {"1", "val"}}) {
                long n = 0;
                long positive = 0;
                for (String line : attr.subList(2, attr.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (present.contains(f[0]) && partition.get(f[0]).equals(split[0])) {
                        n++;
                        positive += f[column].equals("1") ? 1 : 0;
                    }
                }
                assertEquals((double) positive / n, splits.get(split[1]).get("positive_rates").get(label).asDouble(),
                        1e-12, label + " in " + split[1]);
            }
        }
    }
}
