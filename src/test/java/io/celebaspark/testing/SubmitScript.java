package io.celebaspark.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code submit/*.sh} script as a user would (bash, from the project folder, without the caller's
 * {@code SPARK_HOME}: a test may give its own), for the end-to-end tests: they exercise the scripts'
 * spark-submit path, class name and exit codes, which no in-process test can.
 */
public final class SubmitScript {
    public static final Path PROJECT = Path.of(System.getProperty("celeba.project.dir", "."));

    /** What a script run printed (stdout and stderr together) and how it exited. */
    public record Run(int exit, String output) {
        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private SubmitScript() {
    }

    /**
     * @param logs    folder for the run's log file (kept for a failing test's message)
     * @param env     environment on top of this JVM's (CELEBA_WORK_DIR and the like)
     * @param timeout longest run before the test fails
     */
    public static Run run(Path logs, Map<String, String> env, Duration timeout, String script, String... args)
            throws IOException, InterruptedException {
        return start(logs, env, script, args).await(timeout);
    }

    /**
     * Starts a script without waiting for it, for tests that act while it runs (kill a process it started,
     * start another beside it): its output so far is in {@link Running#output()}.
     */
    public static Running start(Path logs, Map<String, String> env, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("submit").resolve(script).toString()));
        command.addAll(List.of(args));
        return startCommand(logs, env, script, command);
    }

    /**
     * Runs any command from the project folder the same way (the notebooks' {@code jupyter nbconvert}).
     *
     * @param name what the command is, for its log file's name and the timeout message
     */
    public static Run runCommand(Path logs, Map<String, String> env, Duration timeout, String name,
                                 List<String> command) throws IOException, InterruptedException {
        return startCommand(logs, env, name, command).await(timeout);
    }

    private static Running startCommand(Path logs, Map<String, String> env, String name, List<String> command)
            throws IOException {
        Files.createDirectories(logs);
        Path log = Files.createTempFile(logs, name, ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        return new Running(name, pb.start(), log);
    }

    /** A script that runs; its stdout and stderr go to {@code log}. */
    public record Running(String name, Process process, Path log) {
        /** What it has printed so far. */
        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits for it to end, killing it and failing after {@code timeout}. */
        public Run await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish in " + timeout + "; log: " + log);
            }
            return new Run(process.exitValue(), output());
        }
    }
}
