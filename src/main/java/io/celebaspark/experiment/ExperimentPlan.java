package io.celebaspark.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.celebaspark.app.AppConfig;
import io.celebaspark.config.ConfigLoader;
import io.celebaspark.config.ConfigurationException;
import io.celebaspark.train.RunIds;
import io.celebaspark.train.control.ScheduleSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runs an experiment expands into, in the order they run, each with its configuration built and
 * validated before anything trains (a bad value in the last arm must not surface hours into the grid).
 *
 * <p>Order: seed by seed, and within a seed arm by arm (file order), then grid point by grid point (axes by
 * key, values in file order), so that an experiment stopped halfway holds complete comparisons of every
 * arm for its first seeds. A run's configuration layers, highest first: {@code --set}, {@code -D}, its grid
 * values, its arm's settings, the experiment's settings, {@code --config FILE}, reference.conf, plus the
 * three tags on top. {@code --set} may not touch what the experiment varies (grid keys, arm settings) or the
 * tags: that would make runs that claim to differ identical.
 *
 * @param spec the experiment
 * @param runs its runs, in execution order
 */
public record ExperimentPlan(ExperimentSpec spec, List<PlannedRun> runs) {
    public ExperimentPlan {
        runs = List.copyOf(runs);
    }

    /**
     * Expands the experiment's grid into runs.
     *
     * @param userFile the {@code --config FILE}, or {@code null}
     * @param sets     {@code --set} overrides for every run
     * @param seeds    only the first this many seeds of the grid (a reduced run); 0 for all
     * @throws ConfigurationException naming the file, arm and run of the first invalid configuration
     */
    public static ExperimentPlan expand(ExperimentSpec spec, Path userFile, Map<String, String> sets, int seeds) {
        refuseOverrides(spec, sets);
        List<ConfigValue> allSeeds = spec.seeds().values().stream().map(GridAxis.Value::value).toList();
        if (seeds < 0 || seeds > allSeeds.size()) {
            throw new ConfigurationException("--seeds " + seeds + ": experiment " + spec.name() + " lists "
                    + allSeeds.size() + " seeds (" + spec.seeds().key() + " in " + spec.source() + ")");
        }
        List<PlannedRun> runs = new ArrayList<>();
        Map<String, String> pointOfId = new HashMap<>();
        for (ConfigValue seed : allSeeds.subList(0, seeds == 0 ? allSeeds.size() : seeds)) {
            for (ExperimentSpec.Arm arm : spec.arms()) {
                List<GridAxis> axes = spec.axesOf(arm);
                for (List<GridAxis.Value> point : product(axes)) {
                    PlannedRun run = plan(spec, arm, axes, point, seed, userFile, sets);
                    String where = "arm " + arm.name() + " at " + (run.gridPoint().isEmpty() ? "" : run.gridPoint() + ", ")
                            + "seed " + GridAxis.render(seed);
                    String other = pointOfId.putIfAbsent(run.runId(), where);
                    if (other != null) {
                        throw new ConfigurationException("experiment file " + spec.source() + ": " + other + " and "
                                + where + " would both be run " + run.runId() + "; rename one of the arms");
                    }
                    runs.add(run);
                }
            }
        }
        return new ExperimentPlan(spec, runs);
    }

    private static PlannedRun plan(ExperimentSpec spec, ExperimentSpec.Arm arm, List<GridAxis> axes,
                                   List<GridAxis.Value> point, ConfigValue seed, Path userFile, Map<String, String> sets) {
        List<String> coordinates = new ArrayList<>();
        List<String> pieces = new ArrayList<>(List.of(spec.name(), arm.name()));
        Config values = ConfigFactory.empty().withValue(ExperimentSpec.SEED, seed);
        for (int i = 0; i < axes.size(); i++) {
            GridAxis axis = axes.get(i);
            GridAxis.Value value = point.get(i);
            coordinates.add(axis.coordinate(value.value()));
            pieces.add(axis.idPiece(value.value()));
            values = values.withValue(axis.key(), value.value()).withFallback(value.settings());
        }
        String gridPoint = String.join(", ", coordinates);
        String runId = String.join("-", pieces) + "-s" + GridAxis.render(seed);
        String context = "experiment file " + spec.source() + ", arm " + arm.name() + ", run " + runId + ": ";
        try {
            RunIds.check(runId);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(context + e.getMessage() + "; shorten the experiment's file name or the"
                    + " arm's name");
        }
        String origin = "the experiment command";
        Config tags = ConfigFactory.empty()
                .withValue(ExperimentSpec.TAGS.get(0), ConfigValueFactory.fromAnyRef(spec.name(), origin))
                .withValue(ExperimentSpec.TAGS.get(1), ConfigValueFactory.fromAnyRef(arm.name(), origin))
                .withValue(ExperimentSpec.TAGS.get(2), ConfigValueFactory.fromAnyRef(gridPoint, origin));
        try {
            AppConfig config = AppConfig.from(ConfigLoader.load(userFile,
                    List.of(tags, values, arm.settings(), spec.settings()), sets));
            return new PlannedRun(runId, arm.name(), gridPoint, config);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(context + e.getMessage(), e);
        }
    }

    /** Every combination of the axes' values, the first axis varying slowest; one empty point for no axes. */
    private static List<List<GridAxis.Value>> product(List<GridAxis> axes) {
        List<List<GridAxis.Value>> points = List.of(List.of());
        for (GridAxis axis : axes) {
            List<List<GridAxis.Value>> next = new ArrayList<>();
            for (List<GridAxis.Value> point : points) {
                for (GridAxis.Value value : axis.values()) {
                    List<GridAxis.Value> longer = new ArrayList<>(point);
                    longer.add(value);
                    next.add(longer);
                }
            }
            points = next;
        }
        return points;
    }

    private static void refuseOverrides(ExperimentSpec spec, Map<String, String> sets) {
        Set<String> varied = new LinkedHashSet<>(ExperimentSpec.TAGS);
        spec.grid().forEach(axis -> {
            varied.add(axis.key());
            varied.addAll(axis.settingKeys());
        });
        spec.arms().forEach(arm -> arm.settings().entrySet().forEach(e -> varied.add(e.getKey())));
        List<String> clashes = sets.keySet().stream().filter(varied::contains).toList();
        if (!clashes.isEmpty()) {
            throw new ConfigurationException("--set " + String.join(", ", clashes) + ": experiment " + spec.name()
                    + " sets " + (clashes.size() == 1 ? "this key" : "these keys") + " per run (grid, arms or tags),"
                    + " and overriding " + (clashes.size() == 1 ? "it" : "them") + " would make its runs identical;"
                    + " change " + spec.source() + " (or a copy of it) instead");
        }
    }

    /** This plan cut to one of its slices ({@code --slice}); the whole plan for {@link GridSlice#ALL}. */
    public ExperimentPlan slice(GridSlice slice) {
        return slice.isAll() ? this : new ExperimentPlan(spec, slice.select(runs));
    }

    /**
     * Refuses training this plan's runs {@code parallel} at a time when one of them may scale out. Runs side by
     * side share one Spark application, and a scale-out run requests and kills executors for the whole
     * application, which would take them from the runs beside it (and give its own W workers fewer executors
     * than it asked for). Checked before anything starts, like every other configuration error of the plan.
     *
     * @throws ConfigurationException naming the arms, the key and the option, and what to do instead
     */
    public void checkParallel(int parallel) {
        if (parallel < 2) {
            return;
        }
        List<String> arms = runs.stream().filter(r -> r.config().train().schedule().mayScaleOut())
                .map(PlannedRun::arm).distinct().toList();
        if (!arms.isEmpty()) {
            throw new ConfigurationException("--parallel " + parallel + ": experiment " + spec.name() + " ("
                    + spec.source() + ") has " + (arms.size() == 1 ? "arm " : "arms ") + String.join(", ", arms)
                    + " with " + ScheduleSettings.REALISE + " = scale-out, whose runs request and kill executors for"
                    + " the whole Spark application, taking them from the runs beside them; run it with --parallel 1,"
                    + " or spread the grid over separate submissions with --slice I/N");
        }
    }

    /** How many runs per arm, for a one-line summary: {@code lr-decay 4, batch-growth 4}. */
    public String runsPerArm() {
        Map<String, Long> counts = runs.stream().collect(Collectors.groupingBy(PlannedRun::arm,
                LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
