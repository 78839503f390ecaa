package io.celebaspark.cli;

/** Integer options that are not configuration keys (benchmark sizes), parsed with a usage error on bad input. */
final class CliNumbers {
    private CliNumbers() {
    }

    static int nonNegative(ParsedArgs args, String name, int fallback) {
        return args.value(name).map(v -> parse(name, v)).orElse(fallback);
    }

    static int parse(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " needs a non-negative integer, got '" + value + "'");
    }
}
