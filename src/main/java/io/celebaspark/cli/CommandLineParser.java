package io.celebaspark.cli;

import io.celebaspark.config.KeySuggester;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --name value}, {@code --name=value} and flags against a subcommand's declared options.
 * Options shared by every command ({@code --config}, {@code --set}, {@code --master}, {@code --help})
 * are added here so that no command can forget them.
 */
public final class CommandLineParser {
    public static final CliOption CONFIG = CliOption.value("config", "FILE",
            "HOCON file overriding the defaults (see conf/)");
    public static final CliOption SET = new CliOption("set", "KEY=VALUE",
            "override one configuration key (repeatable)", null, true, false);
    public static final CliOption MASTER = CliOption.setting("master", "URL", "cluster.master",
            "Spark master when not launched by spark-submit (default local[*])");
    public static final CliOption HELP = CliOption.flag("help", "show this help");

    private final List<CliOption> options;

    public CommandLineParser(List<CliOption> commandOptions) {
        this.options = new ArrayList<>(commandOptions);
        this.options.addAll(List.of(CONFIG, SET, MASTER, HELP));
    }

    public List<CliOption> options() {
        return List.copyOf(options);
    }

    /** Parses; {@code --help} short-circuits required-option checks. */
    public ParsedArgs parse(List<String> args) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            CliOption option = find(name);
            String value = null;
            if (option.takesValue()) {
                if (inline != null) {
                    value = inline;
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("--" + name + " needs a value (" + option.valueName() + ")");
                }
            } else if (inline != null) {
                throw new UsageException("--" + name + " is a flag and takes no value");
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!list.isEmpty() && !option.repeatable()) {
                throw new UsageException("--" + name + " is given twice");
            }
            list.add(value);
            if (option == SET) {
                int at = value.indexOf('=');
                if (at <= 0) {
                    throw new UsageException("--set needs KEY=VALUE, got '" + value + "'");
                }
                settings.put(value.substring(0, at).trim(), value.substring(at + 1).trim());
            } else if (option.configKey() != null) {
                settings.put(option.configKey(), value);
            }
        }
        if (!values.containsKey(HELP.name())) {
            for (CliOption option : options) {
                if (option.required() && !values.containsKey(option.name())) {
                    throw new UsageException("--" + option.name() + " " + option.valueName() + " is required");
                }
            }
        }
        return new ParsedArgs(values, positionals, settings);
    }

    private CliOption find(String name) {
        for (CliOption option : options) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        String nearest = KeySuggester.nearest(name, options.stream().map(CliOption::name).toList());
        throw new UsageException("unknown option --" + name
                + (nearest != null ? "; did you mean --" + nearest + "?" : "; see --help"));
    }
}
