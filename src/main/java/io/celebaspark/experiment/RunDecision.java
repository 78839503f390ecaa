package io.celebaspark.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.celebaspark.metrics.tables.RunStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a launch of an experiment does with one planned run, given what the metrics tables and RUNS_DIR
 * already hold about it, so that launching the same experiment again finishes what is left and nothing
 * twice:
 * <ul>
 *   <li>nothing recorded: {@link Action#START} it;</li>
 *   <li>FINISHED: {@link Action#SKIP} it;</li>
 *   <li>a run folder and any other status (RUNNING after a killed driver, FAILED, KILLED) or no row yet:
 *       {@link Action#RESUME} it from its newest checkpoint (from the start when it has none: it never
 *       finished an epoch, so nothing is lost);</li>
 *   <li>{@link Action#REFUSE} it when its recorded configuration differs from the planned one in a
 *       {@code train.*} or {@code schedule.*} key (the experiment was edited since: its results would not be
 *       what the experiment now says), or when the runs table has it unfinished but RUNS_DIR has no folder
 *       to resume from (most likely another {@code --output}).</li>
 * </ul>
 *
 * @param action          what to do
 * @param checkpointEpoch the epoch a resume continues after (0: from the start)
 * @param reason          why a run is refused; empty otherwise
 */
public record RunDecision(Action action, int checkpointEpoch, String reason) {
    /** What to do with a run. */
    public enum Action { START, RESUME, SKIP, REFUSE }

    /**
     * What is known about a run before the experiment touches it.
     *
     * @param status          its status in the runs table, or {@code null} when it has no row
     * @param config          the resolved configuration it was started with (JSON; its run folder's when it has
     *                        one, else its runs row's), or {@code null} when neither exists
     * @param hasFolder       whether RUNS_DIR holds its run folder
     * @param checkpointEpoch the epoch of its newest checkpoint, 0 when none
     */
    public record Recorded(RunStatus status, String config, boolean hasFolder, int checkpointEpoch) {
        /** A run never started. */
        public static final Recorded NOTHING = new Recorded(null, null, false, 0);
    }

    /** Decides what to do with {@code run}. */
    public static RunDecision decide(PlannedRun run, Recorded recorded) {
        if (recorded.status() == null && !recorded.hasFolder()) {
            return new RunDecision(Action.START, 0, "");
        }
        if (recorded.config() != null) {
            List<String> changed = changes(recorded.config(), run.config().resolvedJson());
            if (!changed.isEmpty()) {
                return refuse("it ran with another configuration than the experiment now gives it: "
                        + String.join(", ", changed) + " (recorded -> planned); the experiment file, --config or --set"
                        + " changed since. Restore them, or save the changed experiment under a new name");
            }
        }
        if (recorded.status() == RunStatus.FINISHED) {
            return new RunDecision(Action.SKIP, 0, "");
        }
        if (recorded.hasFolder()) {
            return new RunDecision(Action.RESUME, recorded.checkpointEpoch(), "");
        }
        return refuse("the runs table has it " + recorded.status() + " but RUNS_DIR holds no folder of it to resume"
                + " from: is --output the RUNS_DIR the experiment ran with?");
    }

    /** The console's word for it: {@code started}, {@code resumed from epoch 3}, ... ({@code would start} ... for a dry run). */
    public String describe(boolean dryRun) {
        return switch (action) {
            case START -> dryRun ? "would start" : "started";
            case RESUME -> checkpointEpoch > 0 ? (dryRun ? "would resume" : "resumed") + " from epoch " + checkpointEpoch
                    : (dryRun ? "would start" : "started") + " again (its folder holds no checkpoint)";
            case SKIP -> (dryRun ? "would skip" : "skipped") + " (FINISHED)";
            case REFUSE -> (dryRun ? "would refuse" : "refused") + ": " + reason;
        };
    }

    private static RunDecision refuse(String reason) {
        return new RunDecision(Action.REFUSE, 0, reason);
    }

    /**
     * The {@code train.*} and {@code schedule.*} keys whose values differ, as {@code key old -> new}. Keys only
     * one side has are left out: they come from a change of the code's defaults, not of the experiment.
     */
    static List<String> changes(String recordedJson, String plannedJson) {
        Config recorded = ConfigFactory.parseString(recordedJson);
        Config planned = ConfigFactory.parseString(plannedJson);
        Set<String> keys = new TreeSet<>();
        for (String root : ExperimentSpec.RUN_ROOTS) {
            if (planned.hasPath(root)) {
                planned.withOnlyPath(root).entrySet().forEach(e -> keys.add(e.getKey()));
            }
        }
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            if (recorded.hasPath(key)) {
                Object was = recorded.getValue(key).unwrapped();
                Object now = planned.getValue(key).unwrapped();
                if (!same(was, now)) {
                    changed.add(key + " " + GridAxis.render(recorded.getValue(key)) + " -> "
                            + GridAxis.render(planned.getValue(key)));
                }
            }
        }
        return changed;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }
}
