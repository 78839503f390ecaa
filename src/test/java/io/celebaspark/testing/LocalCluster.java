package io.celebaspark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the end-to-end tests on a {@code submit/local-cluster.sh} cluster share: the scripts' environment
 * with free ports, so that a cluster or UI someone else runs on 7077/8080 does not get in the way, and
 * killing the processes it runs by the pid files the scripts write (never by name).
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    /**
     * CELEBA_WORK_DIR of the cluster and of the jobs (as a user who runs both from one shell), the driver's
     * heap and free ports for the master, its web UI and the workers' web UIs.
     */
    public static Map<String, String> environment(Path scratch, String driverMemory) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("CELEBA_WORK_DIR", scratch.toString());
        env.put("CELEBA_DRIVER_MEMORY", driverMemory);
        env.put("CELEBA_MASTER_PORT", Integer.toString(freePort()));
        env.put("CELEBA_MASTER_WEBUI_PORT", Integer.toString(freePort()));
        env.put("CELEBA_WORKER_WEBUI_PORT", Integer.toString(freePort()));
        return env;
    }

    /** The master URL of the cluster started with {@code env}. */
    public static String masterUrl(Map<String, String> env) {
        return "spark://127.0.0.1:" + env.get("CELEBA_MASTER_PORT");
    }

    /** The images a preprocess wrote to {@code data}, all splits, as its manifest counts them. */
    public static long imagesInManifest(Path data) throws IOException {
        JsonNode splits = new ObjectMapper().readTree(data.resolve("manifest.json").toFile()).get("splits");
        long images = 0;
        for (String split : List.of("train", "val", "test")) {
            images += splits.get(split).get("images").asLong();
        }
        return images;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Deletes a folder left by an earlier run; nothing when it is absent. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The pid a script wrote to {@code file} (a driver's {@code CELEBA_DRIVER_PID_FILE}, an executor.pid). */
    public static long pidFromFile(Path file) throws IOException {
        return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    /** {@code kill -9} of one process: see {@link #kill(Map)}. */
    public static void kill(long pid, String expectedClass) throws Exception {
        kill(Map.of(pid, expectedClass));
    }

    /**
     * {@code kill -9} of processes by pid, after checking that each pid is still the process it was recorded
     * for (a pid is reused once its process is gone: the value names the main class expected in its command
     * line), then waits until all are gone.
     */
    public static void kill(Map<Long, String> expectedClassByPid) throws Exception {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Map.Entry<Long, String> process : expectedClassByPid.entrySet()) {
            String commandLine = Files.readString(Path.of("/proc/" + process.getKey() + "/cmdline"),
                    StandardCharsets.ISO_8859_1);
            assertTrue(commandLine.contains(process.getValue()),
                    "pid " + process.getKey() + " is not " + process.getValue() + ": " + commandLine);
            processes.add(ProcessHandle.of(process.getKey()).orElseThrow());
        }
        for (ProcessHandle process : processes) {
            process.destroyForcibly();
        }
        for (ProcessHandle process : processes) {
            process.onExit().get(1, TimeUnit.MINUTES);
        }
    }
}
