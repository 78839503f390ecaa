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
 * Runs a {@code submit/*.sh} script as a user would (bash, from the project folder, without
 * {@code SPARK_HOME}), for the end-to-end tests: they exercise the scripts' spark-submit path, class name
 * and exit codes, which no in-process test can.
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
        List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("submit").resolve(script).toString()));
        command.addAll(List.of(args));
        return runCommand(logs, env, timeout, script, command);
    }

    /**
     * Runs any command from the project folder the same way (the notebooks' {@code jupyter nbconvert}).
     *
     * @param name what the command is, for its log file's name and the timeout message
     */
    public static Run runCommand(Path logs, Map<String, String> env, Duration timeout, String name,
                                 List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path log = Files.createTempFile(logs, name, ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("SPARK_HOME");
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + timeout + "; log: " + log);
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
