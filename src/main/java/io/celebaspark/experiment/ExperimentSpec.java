package io.celebaspark.experiment;

import com.typesafe.config.Config;
import io.celebaspark.config.ConfigurationException;

import java.util.List;

/**
 * An experiment file, parsed and checked before anything runs (format in docs/experiments.md):
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
        return new SpecParser(source).parse(name, file);
    }

    /** The axis of {@value #SEED}. */
    public GridAxis seeds() {
        return grid.stream().filter(a -> a.key().equals(SEED)).findFirst().orElseThrow();
    }

    /** The axes the arm crosses besides the seed, in grid order. */
    public List<GridAxis> axesOf(Arm arm) {
        return grid.stream().filter(a -> !a.key().equals(SEED) && !arm.excludeGrid().contains(a.key())).toList();
    }
}
