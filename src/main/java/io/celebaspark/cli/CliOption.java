package io.celebaspark.cli;

/**
 * One {@code --name [VALUE]} option of a subcommand. An option with a {@code configKey} is sugar for
 * {@code --set configKey=VALUE}, so every knob has one home (the configuration) and one validation.
 *
 * @param name        option name without the leading dashes
 * @param valueName   placeholder shown in help, or {@code null} for a flag
 * @param description one line of help
 * @param configKey   configuration key the value is written to, or {@code null}
 * @param repeatable  whether the option may be given more than once
 * @param required    whether the command cannot run without it
 */
public record CliOption(String name, String valueName, String description, String configKey, boolean repeatable,
                        boolean required) {

    public static CliOption flag(String name, String description) {
        return new CliOption(name, null, description, null, false, false);
    }

    public static CliOption value(String name, String valueName, String description) {
        return new CliOption(name, valueName, description, null, false, false);
    }

    public static CliOption required(String name, String valueName, String description) {
        return new CliOption(name, valueName, description, null, false, true);
    }

    public static CliOption setting(String name, String valueName, String configKey, String description) {
        return new CliOption(name, valueName, description, configKey, false, false);
    }

    public boolean takesValue() {
        return valueName != null;
    }
}
