package io.celebaspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchResultsTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreDefaultFolder() {
        System.clearProperty("celeba.bench.results");
    }

    @Test
    void theTablePrintedReachesTheConsoleAndTheResultsFileWithTheMachineAndBuild() throws Exception {
        System.setProperty("celeba.bench.results", dir.toString());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        BenchResults.record("bench-x", List.of("--repeats", "3"), out, printed -> {
            printed.println("rate  min-median-max");
            printed.printf("one JVM  %.1f%n", 49.6);
        });
        List<Path> files = files();
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().matches("bench-x-\\d{8}-\\d{6}\\.json"), files.toString());
        JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
        assertEquals("bench-x", json.get("benchmark").asText());
        assertEquals("--repeats", json.get("arguments").get(0).asText());
        assertEquals(List.of("rate  min-median-max", "one JVM  49.6"),
                List.of(json.get("output").get(0).asText(), json.get("output").get(1).asText()));
        for (String key : List.of("cpu", "jvm", "commit", "started_at", "finished_at")) {
            assertFalse(json.get(key).asText().isBlank(), key);
        }
        assertTrue(json.get("cores").asInt() >= 1);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("rate  min-median-max"), printed);
        assertTrue(printed.contains("results: " + files.get(0).toAbsolutePath()), printed);
    }

    @Test
    void standardOutputIsRecordedAndRestored() throws Exception {
        System.setProperty("celeba.bench.results", dir.toString());
        PrintStream console = System.out;
        BenchResults.recordStandardOutput("main-x", List.of(), () -> System.out.println("median 4.5 ms"));
        assertEquals(console, System.out);
        JsonNode json = new ObjectMapper().readTree(files().get(0).toFile());
        assertEquals("median 4.5 ms", json.get("output").get(0).asText());
    }

    @Test
    void aFailedRunWritesNothing() throws IOException {
        System.setProperty("celeba.bench.results", dir.toString());
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(IllegalStateException.class, () -> BenchResults.record("bench-x", List.of(), out, printed -> {
            throw new IllegalStateException("no data");
        }));
        assertTrue(files().isEmpty());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
