package io.celebaspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code src/bench/python/compact_torch.py} (PyTorch, the speed bar docs/architecture.md sets) as a child
 * process and reads the one number it prints. A child process per repeat, so PyTorch's runs interleave with
 * the JVM's and a busy machine slows both alike; the JVM sits idle meanwhile. Failures (no Python, no torch)
 * are returned as a reason to print, not thrown: the benchmark still reports the rest.
 *
 * @param python  the Python interpreter
 * @param script  the benchmark script, or null when it was not found
 * @param threads intra-op threads ({@code torch.set_num_threads})
 */
public record TorchRunner(String python, Path script, int threads) {
    /** Where the script lives in the project, searched upwards from the working directory. */
    public static final String SCRIPT = "src/bench/python/compact_torch.py";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of one run: a value, or why there is none. */
    public record Result(double value, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Training examples/s of the {@code compact} network at this batch, image size and labels, over {@code steps} steps. */
    public Result trainingRate(int batch, int size, int labels, int steps) {
        return run("examples_per_second", "--batch", String.valueOf(batch), "--size", String.valueOf(size),
                "--labels", String.valueOf(labels), "--steps", String.valueOf(steps));
    }

    /** GFLOP/s of the same 1×1 convolution as {@link ConvolutionCeiling}, in PyTorch. */
    public Result convolutionRate(ConvolutionCeiling shape, int calls) {
        return run("gflops", "--conv1x1", "--steps", String.valueOf(calls), "--conv-shape",
                String.valueOf(shape.batch()), String.valueOf(shape.channels()), String.valueOf(shape.side()));
    }

    /**
     * Where one training step's time goes under {@code torch.profiler} ({@code --profile}), same network, batch,
     * input and threads as {@link #trainingRate}, over {@code steps} steps.
     */
    public Profile stepProfile(int batch, int size, int labels, int steps) {
        Output out = execute("--profile", "--batch", String.valueOf(batch), "--size", String.valueOf(size),
                "--labels", String.valueOf(labels), "--steps", String.valueOf(steps));
        if (out.failure() != null) {
            return new Profile(null, out.failure());
        }
        try {
            return new Profile(profileOf(out.text()), null);
        } catch (IOException | RuntimeException e) {
            return new Profile(null, "unreadable profile (" + e.getMessage() + ") in: " + out.text().strip());
        }
    }

    /** A step's breakdown, or why there is none. */
    public record Profile(StepBreakdown breakdown, String failure) {
    }

    /** The breakdown in the script's {@code --profile} output: its last line that is a JSON object. */
    static StepBreakdown profileOf(String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("no JSON line"));
        JsonNode json = JSON.readTree(line);
        Map<String, Double> operations = new LinkedHashMap<>();
        json.required("operations").fields().forEachRemaining(e -> operations.put(e.getKey(), e.getValue().asDouble()));
        return StepBreakdown.ofTorchOperations(operations, json.required("step_seconds").asDouble());
    }

    private Result run(String key, String... extra) {
        Output out = execute(extra);
        if (out.failure() != null) {
            return new Result(Double.NaN, out.failure());
        }
        Matcher m = Pattern.compile("\"" + key + "\": ([0-9.eE+-]+)").matcher(out.text());
        return m.find() ? new Result(Double.parseDouble(m.group(1)), null)
                : new Result(Double.NaN, "no " + key + " in: " + out.text().strip());
    }

    /** What the script printed, or why it could not run. */
    private record Output(String text, String failure) {
    }

    private Output execute(String... extra) {
        if (script == null || !Files.isRegularFile(script)) {
            return new Output(null, "no PyTorch script (" + SCRIPT + ") at " + script);
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--threads", String.valueOf(threads)));
        command.addAll(List.of(extra));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                return new Output(null, String.join(" ", command) + " failed: " + output.strip());
            }
            return new Output(output, null);
        } catch (IOException e) {
            return new Output(null, "cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(null, "interrupted");
        }
    }
}
