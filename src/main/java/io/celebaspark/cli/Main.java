package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.config.ConfigurationException;
import io.celebaspark.errors.FailureReason;
import io.celebaspark.spark.ClusterRefusedException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one entry point that spark-submit names with {@code --class}: {@code Main <subcommand> [options]}.
 * Exit codes: 0 success, 2 usage or configuration error, 1 failure; the reason is always the last line
 * on stderr so that scripts and CI logs show it without scrolling.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private static final List<Command> COMMANDS = List.of(new SynthCommand(), new PreprocessCommand(), new BenchPreprocessCommand(),
            new BenchDecodersCommand(), new TrainCommand(), new PredictCommand(), new SqlCommand(),
            new BenchTrainCommand(), new BenchSpeedCommand(), new BenchRoundCommand(), new ExperimentCommand(), new ReportCommand(),
            new ServeCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The environment variable that asks for a failure's stack trace ({@code CELEBA_DEBUG=1}): a user needs
     * the reason, a developer chasing a bug the trace, and Spark's own log lines already bury the reason deep
     * enough without a trace of dozens of lines before it.
     */
    public static final String DEBUG_VARIABLE = "CELEBA_DEBUG";

    /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String debug = System.getenv(DEBUG_VARIABLE);
        return run(args, out, err, debug != null && !debug.isBlank() && !debug.equals("0") && !debug.equals("false"));
    }

    /**
     * Runs one command line and returns its exit code; a failure ends in one line on {@code err}, its reason,
     * preceded by its stack trace only when {@code debug} is set and otherwise, for a failure that is not a
     * refusal of the input ({@link IllegalArgumentException}), by a line saying how to get the trace.
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean debug) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printUsage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        Command command = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            printUsage(err);
            err.println("unknown command '" + args[0] + "'; commands: "
                    + String.join(", ", COMMANDS.stream().map(Command::name).toList()));
            return USAGE;
        }
        try {
            CommandLineParser parser = new CommandLineParser(command.options());
            ParsedArgs parsed = parser.parse(Arrays.asList(args).subList(1, args.length));
            if (parsed.has(CommandLineParser.HELP.name())) {
                printHelp(command, parser, out);
                return OK;
            }
            AppConfig config = AppConfig.load(parsed.value(CommandLineParser.CONFIG.name()).map(Path::of).orElse(null),
                    parsed.settings());
            command.run(parsed, config, out);
            return OK;
        } catch (UsageException | ConfigurationException e) {
            err.println(command.name() + ": " + e.getMessage());
            return USAGE;
        } catch (CommandFailedException | ClusterRefusedException e) {
            err.println(command.name() + " failed: " + e.getMessage());
            return FAILURE;
        } catch (Exception e) {
            if (debug) {
                e.printStackTrace(err);
            } else if (!(e instanceof IllegalArgumentException)) {
                err.println("(" + DEBUG_VARIABLE + "=1 prints the stack trace of this failure)");
            }
            err.println(command.name() + " failed: " + FailureReason.of(e));
            return FAILURE;
        }
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: celeba-spark <command> [options]   (each command takes --help)");
        out.println();
        for (Command c : COMMANDS) {
            out.printf("  %-12s %s%n", c.name(), c.summary());
        }
    }

    private static void printHelp(Command command, CommandLineParser parser, PrintStream out) {
        out.println("usage: celeba-spark " + command.name() + " [options]"
                + (command.positionalUsage().isEmpty() ? "" : " " + command.positionalUsage()));
        out.println();
        out.println(command.summary());
        out.println();
        for (CliOption o : parser.options()) {
            String left = "--" + o.name() + (o.takesValue() ? " " + o.valueName() : "");
            String note = (o.required() ? " (required)" : "") + (o.configKey() != null ? " [" + o.configKey() + "]" : "");
            out.printf("  %-28s %s%s%n", left, o.description(), note);
        }
        out.println();
        out.println("Exit codes: 0 success, 2 usage or configuration error, 1 failure. " + DEBUG_VARIABLE
                + "=1 prints a failure's stack trace.");
    }
}
