package io.celebaspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the one resolved {@link Config} a command runs with, from four layers (highest wins):
 * {@code --set key=value} options, {@code -Dkey=value} system properties, a user file
 * ({@code --config FILE}, usually under {@code conf/}), and the defaults in the jar's
 * {@code reference.conf}. An experiment adds its own layers (a run's grid values, its arm's and the
 * experiment's settings) between the command line and the user file, through the same code path.
 *
 * <p>Only the project's own namespaces ({@link #ROOTS}) are checked and rendered: spark-submit puts
 * {@code spark.*} system properties into the driver JVM, and those are Spark's business, not ours. Every
 * key the user set under our namespaces must exist in {@code reference.conf}; a typo is an error that
 * names the key, where it was set and the nearest valid key, rather than a setting silently ignored.
 */
public final class ConfigLoader {
    /** Top-level namespaces this project owns in typesafe-config. */
    public static final List<String> ROOTS = List.of("cluster", "preprocess", "synth", "train", "schedule", "serve",
            "report");

    private ConfigLoader() {
    }

    /**
     * Loads and checks the layered configuration.
     *
     * @param userFile a HOCON file, or {@code null} for none
     * @param sets     {@code key -> value} pairs from {@code --set}, in the order given
     * @throws ConfigurationException on a missing file, a syntax error or an unknown key
     */
    public static Config load(Path userFile, Map<String, String> sets) {
        return load(userFile, List.of(), sets);
    }

    /**
     * Loads and checks the layered configuration with extra {@code layers} between the command line
     * ({@code --set}, {@code -D}) and the user file, highest first: how an experiment's grid values, arm
     * settings and experiment settings apply to one of its runs.
     *
     * @throws ConfigurationException on a missing file, a syntax error or an unknown key in any layer
     */
    public static Config load(Path userFile, List<Config> layers, Map<String, String> sets) {
        Config reference = ConfigFactory.defaultReference();
        Config user = ConfigFactory.empty();
        if (userFile != null) {
            if (!Files.isRegularFile(userFile)) {
                throw new ConfigurationException("configuration file " + userFile
                        + " does not exist; pass an existing HOCON file to --config (see conf/ for examples)");
            }
            try {
                user = ConfigFactory.parseFile(userFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new ConfigurationException("cannot parse configuration file " + userFile + ": " + e.getMessage(), e);
            }
        }
        // Read afresh: ConfigFactory.systemProperties() is cached for the life of the JVM.
        Config system = ownNamespaces(ConfigFactory.parseProperties(System.getProperties(),
                ConfigParseOptions.defaults().setOriginDescription("-D system property")));
        Config overrides = ConfigFactory.empty();
        for (Map.Entry<String, String> set : sets.entrySet()) {
            overrides = parseSet(set.getKey(), set.getValue()).withFallback(overrides); // a later --set wins
        }
        Config layered = overrides.withFallback(system);
        for (Config layer : layers) {
            layered = layered.withFallback(layer);
        }
        layered = layered.withFallback(ownNamespaces(user));
        requireKnownKeys(layered);
        try {
            return layered.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new ConfigurationException("cannot resolve configuration: " + e.getMessage(), e);
        }
    }

    /**
     * A run's recorded configuration ({@link #renderJson}) read back for a resume, with {@code reference.conf}
     * underneath: a run recorded by an older build lacks the keys added since, and resumes with their
     * defaults, which every new key is chosen to make the old behaviour.
     */
    public static Config recorded(String json) {
        return ConfigFactory.parseString(json).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    /**
     * The resolved values of our namespaces as compact JSON, for run records and manifests, with the values of
     * secret-looking keys hidden ({@link Redaction}).
     */
    public static String renderJson(Config config) {
        return Redaction.config(ownNamespaces(config)).root().render(ConfigRenderOptions.concise());
    }

    private static Config parseSet(String key, String value) {
        if (key.isBlank()) {
            throw new ConfigurationException("--set needs key=value, got '=" + value + "'");
        }
        // The origin is quoted in error messages: a secret's value must not be.
        String shown = Redaction.value(key, value);
        ConfigOrigin origin = ConfigOriginFactory.newSimple("--set " + key + "=" + shown);
        ConfigValue parsed;
        try {
            // HOCON syntax for the value, so lists work: --set train.labels=[Male,Smiling]
            parsed = ConfigFactory.parseString("v = " + value).getValue("v");
        } catch (ConfigException e) {
            // A value with characters HOCON treats specially (':' in a URI, say): keep it as a string.
            parsed = ConfigValueFactory.fromAnyRef(value);
        }
        try {
            return ConfigFactory.empty().withValue(key, parsed.withOrigin(origin));
        } catch (ConfigException e) {
            throw new ConfigurationException("cannot use --set " + key + "=" + shown + ": '" + key
                    + "' is not a dotted configuration path", e);
        }
    }

    private static Config ownNamespaces(Config config) {
        Config own = ConfigFactory.empty();
        for (String root : ROOTS) {
            if (config.hasPath(root)) {
                own = own.withFallback(config.withOnlyPath(root));
            }
        }
        return own;
    }

    /**
     * Refuses every key of {@code config} that {@code reference.conf} does not define under {@link #ROOTS},
     * naming the key, where it was set (its origin: file and line, or {@code --set}) and the nearest valid key.
     *
     * @throws ConfigurationException listing every unknown key, one per line
     */
    public static void requireKnownKeys(Config config) {
        Set<String> valid = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : ownNamespaces(ConfigFactory.defaultReference()).entrySet()) {
            valid.add(e.getKey());
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            String key = e.getKey();
            if (valid.contains(key)) {
                continue;
            }
            String suggestion = KeySuggester.nearest(key, valid);
            problems.add("unknown configuration key '" + key + "' (set in " + e.getValue().origin().description() + ")"
                    + (suggestion == null ? "; valid keys are listed in docs/configuration.md"
                    : "; did you mean '" + suggestion + "'?"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
    }
}
