package io.celebaspark.cli;

/**
 * Numeric options that are not configuration keys (benchmark sizes, the report's margin and target), parsed
 * with a usage error on bad input.
 */
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

    /** A finite decimal number; the caller checks its range. */
    static double decimal(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " needs a number, got '" + value + "'");
    }
}
