package io.celebaspark.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A subcommand's command line after parsing: option values, positional arguments and the configuration
 * overrides (from {@code --set} and from options that map to configuration keys), in the order given.
 */
public record ParsedArgs(Map<String, List<String>> options, List<String> positionals, Map<String, String> settings) {

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public Optional<String> value(String name) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** The value of an option the parser already checked to be present. */
    public String required(String name) {
        return value(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }
}
