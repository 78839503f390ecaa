package io.celebaspark.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.celebaspark.config.ConfigLoader;
import io.celebaspark.config.ConfigurationException;
import io.celebaspark.config.KeySuggester;
import io.celebaspark.experiment.ExperimentSpec.Arm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.celebaspark.experiment.ExperimentSpec.RUN_ROOTS;
import static io.celebaspark.experiment.ExperimentSpec.SEED;
import static io.celebaspark.experiment.ExperimentSpec.TAGS;

/**
 * Checks one experiment file into an {@link ExperimentSpec}, structure and keys, so that a mistake stops the
 * command before Spark starts; every message starts with the file (and arm) it is about, because the user
 * reads it on a console far from the file.
 */
final class SpecParser {
    private static final List<String> EXPERIMENT_KEYS = List.of("description", "settings", "arms", "grid");
    private static final List<String> ARM_KEYS = List.of("name", "settings", "exclude-grid");

    private final String source;

    SpecParser(String source) {
        this.source = source;
    }

    ExperimentSpec parse(String name, Config file) {
        if (!file.root().keySet().equals(Set.of("experiment"))
                || file.root().get("experiment").valueType() != ConfigValueType.OBJECT) {
            throw fail(null, "must hold one object, experiment { arms = [...], grid { ... } }; found "
                    + (file.root().isEmpty() ? "nothing" : String.join(", ", file.root().keySet())));
        }
        Config experiment = file.getConfig("experiment");
        onlyKeys(experiment, EXPERIMENT_KEYS, null, "experiment");
        String description = experiment.hasPath("description") ? string(experiment, "description", null) : "";
        Config settings = runSettings(experiment, "settings", null);
        List<GridAxis> grid = grid(experiment);
        List<Arm> arms = arms(experiment, grid);
        return new ExperimentSpec(name, source, description, settings, arms, grid);
    }

    private ConfigurationException fail(String arm, String message) {
        return new ConfigurationException("experiment file " + source + (arm == null ? "" : ", arm " + arm) + ": "
                + message);
    }

    private void onlyKeys(Config config, List<String> allowed, String arm, String what) {
        for (String key : config.root().keySet()) {
            if (!allowed.contains(key)) {
                String near = KeySuggester.nearest(key, allowed);
                throw fail(arm, "unknown key '" + key + "' in " + what + " (" + origin(config, key) + ")"
                        + (near == null ? "; it takes " + String.join(", ", allowed) : "; did you mean '" + near + "'?"));
            }
        }
    }

    private String string(Config config, String key, String arm) {
        if (config.getValue(key).valueType() != ConfigValueType.STRING) {
            throw fail(arm, key + " must be a string (" + origin(config, key) + ")");
        }
        return config.getString(key);
    }

    /** The run settings at {@code path} (none when absent), every key a train.* or schedule.* key. */
    private Config runSettings(Config parent, String path, String arm) {
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

    private void runKeys(Config config, String arm, String what) {
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

    private List<GridAxis> grid(Config experiment) {
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

    private List<Arm> arms(Config experiment, List<GridAxis> grid) {
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
