package io.celebaspark.train;

import io.celebaspark.config.ConfigReader;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Run ids name a folder under RUNS_DIR and a key in SQL tables, so they are restricted to characters
 * that are safe in both. A generated id says what the run is at a glance
 * ({@code batch-growth-adam-s42-20261129-143005}) and sorts by start time within an arm.
 */
public final class RunIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {
    }

    /** An id for a run started now with these settings. */
    public static String generate(TrainSettings s, ZonedDateTime now) {
        return ConfigReader.configName(s.schedule().kind()) + "-" + ConfigReader.configName(s.optimizer()) + "-s"
                + s.seed() + "-" + STAMP.format(now.withZoneSameInstant(ZoneOffset.UTC));
    }

    /** @throws IllegalArgumentException naming the rule when {@code id} is not a valid run id */
    public static String check(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("run id '" + id + "' is invalid: use 1-128 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit");
        }
        return id;
    }
}
