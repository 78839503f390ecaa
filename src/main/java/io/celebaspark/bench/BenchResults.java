package io.celebaspark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.celebaspark.provenance.BuildInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The results file every benchmark writes beside the table it prints, so that a figure quoted in
 * {@code docs/performance.md} comes with the machine and the build that produced it instead of prose: one JSON
 * file per run, {@code <benchmark>-<UTC time>.json} under {@code target/bench-results/} (or the folder named by
 * {@code -Dceleba.bench.results=DIR}), holding the benchmark's name and arguments, start and end times, the CPU
 * model and the cores this JVM sees, the JVM, the OS, the commit ({@link BuildInfo}), the 1-minute load average
 * at start and end (a shared machine's load moves wall-clock rates more than most changes do), and the lines
 * the benchmark printed, verbatim. A run that fails writes nothing.
 */
public final class BenchResults {
    /** The folder results go to unless {@code -Dceleba.bench.results} names another. */
    public static final String DEFAULT_DIR = "target/bench-results";

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A benchmark's measuring part, printing its results to the stream it is given. */
    @FunctionalInterface
    public interface Measurement {
        void run(PrintStream out) throws Exception;
    }

    /** A measuring part that prints to {@code System.out}. */
    @FunctionalInterface
    public interface StandardOutputMeasurement {
        void run() throws Exception;
    }

    private BenchResults() {
    }

    /**
     * Runs {@code measurement} with a stream that prints to {@code out} and keeps every line, then writes the
     * results file and prints its path.
     *
     * @param benchmark the benchmark's name, e.g. the command's ({@code bench-speed})
     * @param arguments what it was run with, serialised as JSON (a record, a list or a map)
     */
    public static void record(String benchmark, Object arguments, PrintStream out, Measurement measurement)
            throws Exception {
        Instant started = Instant.now();
        double loadAtStart = loadAverage();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8);
        measurement.run(both);
        both.flush();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", benchmark);
        results.put("arguments", arguments);
        results.put("started_at", started.toString());
        results.put("finished_at", Instant.now().toString());
        results.put("cpu", cpuModel());
        results.put("cores", Runtime.getRuntime().availableProcessors());
        results.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        results.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        results.put("commit", BuildInfo.codeVersion());
        results.put("load_average_at_start", loadAtStart);
        results.put("load_average_at_end", loadAverage());
        results.put("output", printed.toString(StandardCharsets.UTF_8).lines().toList());
        Path dir = Path.of(System.getProperty("celeba.bench.results", DEFAULT_DIR));
        Files.createDirectories(dir);
        Path file = dir.resolve(benchmark + "-" + FILE_TIME.format(started) + ".json");
        JSON.writeValue(file.toFile(), results);
        out.println("results: " + file.toAbsolutePath());
    }

    /** {@link #record} for a measurement that prints to {@code System.out} (a hand-run main): kept meanwhile. */
    public static void recordStandardOutput(String benchmark, Object arguments, StandardOutputMeasurement measurement)
            throws Exception {
        PrintStream console = System.out;
        record(benchmark, arguments, console, out -> {
            System.setOut(out);
            try {
                measurement.run();
            } finally {
                System.setOut(console);
            }
        });
    }

    /** The {@code model name} of /proc/cpuinfo (what {@code lscpu} prints), or the architecture elsewhere. */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Writes every byte to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
