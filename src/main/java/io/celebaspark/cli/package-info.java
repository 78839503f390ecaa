/**
 * The command line: one entry point ({@link io.celebaspark.cli.Main}, named by spark-submit's
 * {@code --class}) and one small class per subcommand, which parses options, loads the configuration and calls a
 * job. Exit codes and the "reason on the last line of stderr" rule live here.
 *
 * <p>The top of the dependency graph: may depend on every other package; no package depends on it.
 */
package io.celebaspark.cli;
