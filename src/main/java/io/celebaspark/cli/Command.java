package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of the single CLI entry point. {@link Main} parses the command line and builds the
 * validated {@link AppConfig}; the command only acts on them, so every command gets the same option
 * handling, help, configuration layering and exit codes.
 */
public interface Command {
    String name();

    /** One line for the global help. */
    String summary();

    /** Positional arguments as shown in help, e.g. {@code "IMAGE_OR_DIR ..."}; empty when none. */
    default String positionalUsage() {
        return "";
    }

    List<CliOption> options();

    /**
     * Runs the command. Throws {@link UsageException} for a command line that cannot be acted on and any
     * other exception for a failure; the message becomes the last line on stderr.
     */
    void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception;
}
