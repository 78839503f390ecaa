package io.celebaspark.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a benchmark's helper source kept in the project ({@code src/bench/...}: a C loop, a Python script),
 * which the application jar does not carry: searched from the working directory upwards, so the benchmarks
 * work from the project folder and its subfolders (the submit scripts run there).
 */
public final class BenchSources {
    private BenchSources() {
    }

    /** @return the file, or null when no ancestor of the working directory holds {@code relative} */
    public static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
