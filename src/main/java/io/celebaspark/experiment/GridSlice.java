package io.celebaspark.experiment;

import io.celebaspark.config.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} parts of an experiment's plan ({@code --slice index/count}), so that several
 * submissions (on several clusters, or one after another) share a grid without a coordinator.
 *
 * <p>Run number {@code k} of the plan (0-based, plan order) belongs to slice {@code k mod count + 1}: every run
 * is in exactly one slice, the slices differ in size by at most one run, and because the plan runs seed by
 * seed, every slice gets a mix of arms and seeds rather than all of one arm. The assignment depends only on
 * the plan's order, which is deterministic, so relaunching a slice (to resume it) picks the same runs; a
 * reduced plan ({@code --seeds}) keeps the assignment of the runs it keeps, since they are its first ones.
 *
 * @param index this slice, from 1
 * @param count how many slices the plan is cut into
 */
public record GridSlice(int index, int count) {
    /** The whole plan: what a launch without {@code --slice} runs. */
    public static final GridSlice ALL = new GridSlice(1, 1);
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public GridSlice {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--slice " + index + "/" + count + ": needs 1 <= i <= n in i/n"
                    + " (slice i of n, e.g. 1/3, 2/3 and 3/3 for three submissions)");
        }
    }

    /**
     * Parses {@code i/n}.
     *
     * @throws IllegalArgumentException naming the option and the expected form
     */
    public static GridSlice parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--slice needs i/n (slice i of n, e.g. 2/3), got '" + text + "'");
        }
        return new GridSlice(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * The runs of this slice, in plan order.
     *
     * @throws ConfigurationException when the plan has fewer runs than slices (some slices would be empty:
     *                                most likely a wrong n)
     */
    public List<PlannedRun> select(List<PlannedRun> runs) {
        if (count > runs.size()) {
            throw new ConfigurationException("--slice " + this + ": the plan has only " + runs.size() + " run"
                    + (runs.size() == 1 ? "" : "s") + ", so some of " + count + " slices would be empty; cut it into at"
                    + " most " + runs.size());
        }
        List<PlannedRun> mine = new ArrayList<>();
        for (int k = index - 1; k < runs.size(); k += count) {
            mine.add(runs.get(k));
        }
        return mine;
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
