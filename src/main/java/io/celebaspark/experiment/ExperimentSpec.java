package io.celebaspark.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.celebaspark.config.ConfigLoader;
import io.celebaspark.config.ConfigurationException;
import io.celebaspark.config.KeySuggester;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment file, parsed and checked before anything runs (format in the README, "Experiments"):
 * <pre>
 * experiment {
 *   description = "..."
 *   settings { train.epochs = 30 }                          # every run
 *   arms = [ { name = lr-decay, settings { schedule.kind = lr-decay } }, ... ]
 *   grid { schedule.alpha = [2, 5], train.seed = [1, 2, 3] } # crossed with every arm
 * }
 * </pre>
 * An arm may list {@code exclude-grid} keys it does not cross (it keeps one value, from the settings): a
 * constant schedule has no use for α. Only {@code train.*} and {@code schedule.*} keys may appear, because
 * only they can differ between runs of one Spark application; every key must be a known configuration key,
 * and every error names the file, the arm and the key. The grid's axes are ordered by key: typesafe-config
 * does not keep a file's key order, and a fixed order keeps run ids and grid points stable under edits
 * that only move lines.
 *
 * @param name        the experiment's name (the file's base name), which tags its runs
 * @param source      the file as messages name it
 * @param description what the experiment is for (free text)
 * @param settings    settings of every run
 * @param arms        the arms, in file order
 * @param grid        the grid's axes, ordered by key; one of them is {@value #SEED}
 */
public record ExperimentSpec(String name, String source, String description, Config settings, List<Arm> arms,
                             List<GridAxis> grid) {
    /** The grid key whose values replicate every arm and grid point. */
    public static final String SEED = "train.seed";
    /** The keys the experiment command sets on each run; a file or {@code --set} may not set them. */
    public static final List<String> TAGS = List.of("train.experiment", "train.arm", "train.grid-point");
    /** The namespaces whose keys may differ between the runs of one experiment. */
    static final List<String> RUN_ROOTS = List.of("train", "schedule");
    private static final List<String> EXPERIMENT_KEYS = List.of("description", "settings", "arms", "grid");
    private static final List<String> ARM_KEYS = List.of("name", "settings", "exclude-grid");

    /**
     * One arm: a named variant of the training (usually a schedule) crossed with the grid.
     *
     * @param name        the arm's name, part of its runs' ids
     * @param settings    what the arm sets on its runs, over the experiment's settings
     * @param excludeGrid grid keys the arm does not cross
     */
    public record Arm(String name, Config settings, List<String> excludeGrid) {
        public Arm {
            excludeGrid = List.copyOf(excludeGrid);
        }
    }

    public ExperimentSpec {
        arms = List.copyOf(arms);
        grid = List.copyOf(grid);
    }

    /** Reads and checks an experiment file. */
    public static ExperimentSpec load(ExperimentFile file) {
        return parse(file.name(), file.source(), file.parse());
    }

    /**
     * Checks a parsed experiment file.
     *
     * @throws ConfigurationException naming {@code source}, the arm and the key of the first problem
     */
    public static ExperimentSpec parse(String name, String source, Config file) {
        Parser p = new Parser(source);
        if (!file.root().keySet().equals(Set.of("experiment")) || file.root().get("experiment").valueType() != ConfigValueType.OBJECT) {
            throw p.fail(null, "must hold one object, experiment { arms = [...], grid { ... } }; found "
                    + (file.root().isEmpty() ? "nothing" : String.join(", ", file.root().keySet())));
        }
        Config experiment = file.getConfig("experiment");
        p.onlyKeys(experiment, EXPERIMENT_KEYS, null, "experiment");
        String description = experiment.hasPath("description") ? p.string(experiment, "description", null) : "";
        Config settings = p.runSettings(experiment, "settings", null);
        List<GridAxis> grid = p.grid(experiment);
        List<Arm> arms = p.arms(experiment, grid);
        return new ExperimentSpec(name, source, description, settings, arms, grid);
    }

    /** The axis of {@value #SEED}. */
    public GridAxis seeds() {
        return grid.stream().filter(a -> a.key().equals(SEED)).findFirst().orElseThrow();
    }

    /** The axes the arm crosses besides the seed, in grid order. */
    public List<GridAxis> axesOf(Arm arm) {
        return grid.stream().filter(a -> !a.key().equals(SEED) && !arm.excludeGrid().contains(a.key())).toList();
    }

    /** Checks one experiment file, with every message starting with the file (and arm) it is about. */
    private record Parser(String source) {
        ConfigurationException fail(String arm, String message) {
            return new ConfigurationException("experiment file " + source + (arm == null ? "" : ", arm " + arm) + ": "
                    + message);
        }

        void onlyKeys(Config config, List<String> allowed, String arm, String what) {
            for (String key : config.root().keySet()) {
                if (!allowed.contains(key)) {
                    String near = KeySuggester.nearest(key, allowed);
                    throw fail(arm, "unknown key '" + key + "' in " + what + " (" + origin(config, key) + ")"
                            + (near == null ? "; it takes " + String.join(", ", allowed) : "; did you mean '" + near + "'?"));
                }
            }
        }

        String string(Config config, String key, String arm) {
            if (config.getValue(key).valueType() != ConfigValueType.STRING) {
                throw fail(arm, key + " must be a string (" + origin(config, key) + ")");
            }
            return config.getString(key);
        }

        /** The run settings at {@code path} (none when absent), every key a train.* or schedule.* key. */
        Config runSettings(Config parent, String path, String arm) {
            if (!parent.hasPath(path)) {
                return ConfigFactory.empty();
            }
            if (parent.getValue(path).valueType() != ConfigValueType.OBJECT) {
                throw fail(arm, path + " must be an object of configuration keys, e.g. " + path
                        + " { train.epochs = 30 } (" + origin(parent, path) + ")");
            }
            Config settings = parent.getConfig(path);
            runKeys(settings, arm, path);
            return settings;
        }

        void runKeys(Config config, String arm, String what) {
            try {
                ConfigLoader.requireKnownKeys(config);
            } catch (ConfigurationException e) {
                throw fail(arm, e.getMessage());
            }
            for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
                String key = e.getKey();
                String where = " (in " + what + ", " + e.getValue().origin().description() + ")";
                if (TAGS.contains(key)) {
                    throw fail(arm, key + where + " is set by the experiment command on each run (experiment name,"
                            + " arm, grid point); remove it");
                }
                if (!RUN_ROOTS.contains(key.substring(0, key.indexOf('.')))) {
                    throw fail(arm, key + where + " cannot differ between the runs of one Spark application: only"
                            + " train.* and schedule.* keys can; give it for the whole experiment with --set or --config");
                }
            }
        }

        List<GridAxis> grid(Config experiment) {
            if (!experiment.hasPath("grid") || experiment.getValue("grid").valueType() != ConfigValueType.OBJECT) {
                throw fail(null, "needs a grid object listing each key's values, at least the seeds:"
                        + " grid { " + SEED + " = [1, 2, 3] }");
            }
            Config grid = experiment.getConfig("grid");
            runKeys(grid, null, "grid");
            List<GridAxis> axes = new ArrayList<>();
            for (Map.Entry<String, ConfigValue> e : grid.entrySet()) {
                String key = e.getKey();
                if (e.getValue().valueType() != ConfigValueType.LIST || grid.getList(key).isEmpty()) {
                    throw fail(null, "grid key " + key + " must list one or more values, e.g. " + key + " = [a, b] ("
                            + e.getValue().origin().description() + ")");
                }
                List<GridAxis.Value> values = new ArrayList<>();
                for (ConfigValue value : grid.getList(key)) {
                    values.add(value(key, value));
                }
                GridAxis axis = new GridAxis(key, values);
                distinct(axis, values.stream().map(v -> GridAxis.render(v.value())).toList(), "lists %s twice");
                distinct(axis, values.stream().map(v -> axis.idPiece(v.value())).toList(), "has values that read the"
                        + " same in a run id (%s); make them differ in letters or digits");
                axes.add(axis);
            }
            axes.sort(Comparator.comparing(GridAxis::key));
            if (axes.stream().noneMatch(a -> a.key().equals(SEED))) {
                throw fail(null, "the grid must list the seeds, e.g. " + SEED + " = [1, 2, 3]: the runs of one arm and"
                        + " grid point differ by seed only");
            }
            for (GridAxis axis : axes) {
                for (String key : axis.settingKeys()) {
                    if (grid.hasPath(key)) {
                        throw fail(null, "the settings of a value of grid key " + axis.key() + " set " + key
                                + ", which the grid varies itself; drop one of them");
                    }
                }
            }
            return axes;
        }

        /** A grid value: plain, or {@code { value = V, settings { ... } }} with settings that go with it. */
        private GridAxis.Value value(String key, ConfigValue value) {
            if (value.valueType() != ConfigValueType.OBJECT) {
                return new GridAxis.Value(value, ConfigFactory.empty());
            }
            Config paired = ((ConfigObject) value).toConfig();
            String what = "a value of grid key " + key;
            onlyKeys(paired, List.of("value", "settings"), null, what);
            if (!paired.hasPath("value")) {
                throw fail(null, what + " is an object without value = ...; write a plain value, or { value = V,"
                        + " settings { ... } } for settings that go with V (" + value.origin().description() + ")");
            }
            Config settings = runSettings(paired, "settings", null);
            if (settings.hasPath(key)) {
                throw fail(null, "the settings of " + what + " set " + key + " itself (" + value.origin().description()
                        + ")");
            }
            return new GridAxis.Value(paired.getValue("value"), settings);
        }

        private void distinct(GridAxis axis, List<String> shown, String problem) {
            Set<String> seen = new HashSet<>();
            for (String s : shown) {
                if (!seen.add(s)) {
                    throw fail(null, "grid key " + axis.key() + " " + String.format(problem, s) + " ("
                            + axis.values().get(0).value().origin().description() + ")");
                }
            }
        }

        List<Arm> arms(Config experiment, List<GridAxis> grid) {
            if (!experiment.hasPath("arms") || experiment.getValue("arms").valueType() != ConfigValueType.LIST
                    || experiment.getList("arms").isEmpty()) {
                throw fail(null, "needs a list of arms, e.g. arms = [ { name = lr-decay, settings { schedule.kind ="
                        + " lr-decay } } ]");
            }
            List<String> gridKeys = grid.stream().map(GridAxis::key).toList();
            List<Arm> arms = new ArrayList<>();
            Set<String> names = new HashSet<>();
            int index = 0;
            for (ConfigValue value : experiment.getList("arms")) {
                index++;
                if (value.valueType() != ConfigValueType.OBJECT) {
                    throw fail(null, "arm " + index + " must be an object { name = ..., settings { ... } } ("
                            + value.origin().description() + ")");
                }
                Config arm = ((ConfigObject) value).toConfig();
                if (!arm.hasPath("name")) {
                    throw fail(null, "arm " + index + " has no name (" + value.origin().description() + ")");
                }
                String name = string(arm, "name", null);
                if (!ExperimentFile.NAME.matcher(name).matches()) {
                    throw fail(name, "an arm's name is part of its runs' ids: use letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit");
                }
                if (!names.add(name)) {
                    throw fail(name, "two arms are named " + name);
                }
                onlyKeys(arm, ARM_KEYS, name, "the arm");
                Config settings = runSettings(arm, "settings", name);
                List<String> excluded = arm.hasPath("exclude-grid") ? excluded(arm, name, gridKeys) : List.of();
                for (GridAxis axis : grid) {
                    for (Map.Entry<String, ConfigValue> set : settings.entrySet()) {
                        if (!excluded.contains(axis.key()) && (set.getKey().equals(axis.key())
                                || axis.settingKeys().contains(set.getKey()))) {
                            throw fail(name, "sets " + set.getKey() + ", which grid key " + axis.key() + " sets too,"
                                    + " so the grid would win; add " + axis.key() + " to the arm's exclude-grid or drop "
                                    + set.getKey() + " from the arm");
                        }
                    }
                }
                arms.add(new Arm(name, settings, excluded));
            }
            return arms;
        }

        private List<String> excluded(Config arm, String name, List<String> gridKeys) {
            if (arm.getValue("exclude-grid").valueType() != ConfigValueType.LIST) {
                throw fail(name, "exclude-grid must list grid keys, e.g. exclude-grid = [schedule.alpha]");
            }
            List<String> keys = arm.getStringList("exclude-grid");
            for (String key : keys) {
                if (key.equals(SEED)) {
                    throw fail(name, "exclude-grid cannot hold " + SEED + ": every arm runs every seed");
                }
                if (!gridKeys.contains(key)) {
                    String near = KeySuggester.nearest(key, gridKeys);
                    throw fail(name, "exclude-grid names " + key + ", which is not a grid key"
                            + (near == null ? " (grid keys: " + String.join(", ", gridKeys) + ")" : "; did you mean '"
                            + near + "'?"));
                }
            }
            return keys;
        }

        private static String origin(Config config, String key) {
            return config.getValue(key).origin().description();
        }
    }
}
