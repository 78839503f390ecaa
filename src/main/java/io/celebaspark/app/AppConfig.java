package io.celebaspark.app;

import com.typesafe.config.Config;
import io.celebaspark.config.ClusterSettings;
import io.celebaspark.config.ConfigLoader;
import io.celebaspark.config.ConfigReader;
import io.celebaspark.config.PreprocessSettings;
import io.celebaspark.config.ServeSettings;
import io.celebaspark.config.SynthSettings;
import io.celebaspark.report.CostModelSettings;
import io.celebaspark.train.TrainSettings;

import java.nio.file.Path;
import java.util.Map;

/**
 * The validated, immutable settings of one command invocation, built once at start. Commands receive
 * this record, never a raw {@link Config}, so a value is checked in one place and a bad one stops the run
 * before any Spark job starts.
 *
 * @param cluster      Spark placement defaults
 * @param preprocess   the preprocess job's settings
 * @param synth        the synthetic-data generator's settings
 * @param train        the training run's settings, schedule included
 * @param serve        the predict web server's address and limits
 * @param resolvedJson every value of the project's namespaces, as run with, for provenance records
 * @param costModel    the report's cost on a cluster ({@code report.cost-model.*})
 */
public record AppConfig(ClusterSettings cluster, PreprocessSettings preprocess, SynthSettings synth,
                        TrainSettings train, ServeSettings serve, String resolvedJson, CostModelSettings costModel) {

    /** Loads the layers (see {@link ConfigLoader}) and validates every section. */
    public static AppConfig load(Path userFile, Map<String, String> sets) {
        return from(ConfigLoader.load(userFile, sets));
    }

    public static AppConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        return new AppConfig(ClusterSettings.from(reader), PreprocessSettings.from(reader),
                SynthSettings.from(reader), TrainSettings.from(reader), ServeSettings.from(reader),
                ConfigLoader.renderJson(config), CostModelSettings.from(reader));
    }
}
