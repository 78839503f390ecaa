package io.celebaspark.experiment;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

/** Experiment specs from HOCON text, for the planning tests. */
final class Experiments {
    /** The design's example: four arms, constant without alpha, alpha x optimizer x 3 seeds. */
    static final String SMITH = """
            experiment {
              description = "an example"
              settings { train.epochs = 30, schedule.patience = 2 }
              arms = [
                { name = constant,     settings { schedule.kind = constant },  exclude-grid = [schedule.alpha] }
                { name = lr-decay,     settings { schedule.kind = lr-decay } }
                { name = batch-growth, settings { schedule.kind = batch-growth, schedule.max-global-batch = 100000 } }
                { name = hybrid,       settings { schedule.kind = batch-growth, schedule.max-global-batch = 256 } }
              ]
              grid { train.seed = [1, 2, 3], schedule.alpha = [2, 5], train.optimizer = [sgd-momentum, adam] }
            }
            """;

    /** Two arms, one seed, two epochs of 32 per worker on 2 workers: the experiment tests that train. */
    static final String TINY = """
            experiment {
              settings { train.epochs = 2, train.batch-per-worker = 32, train.workers = 2, schedule.patience = 1 }
              arms = [
                { name = lr-decay, settings { schedule.kind = lr-decay } }
                { name = batch-growth, settings { schedule.kind = batch-growth } }
              ]
              grid { schedule.alpha = [2], train.seed = [1] }
            }""";

    private Experiments() {
    }

    /** Parses {@code text} as the experiment file {@code name.conf}. */
    static ExperimentSpec spec(String name, String text) {
        String source = name + ".conf";
        return ExperimentSpec.parse(name, source, ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setOriginDescription(source)).resolve());
    }
}
