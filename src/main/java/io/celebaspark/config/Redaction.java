package io.celebaspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides the values of keys that look like secrets wherever the project writes configuration: the resolved
 * configuration JSON (a run's {@code run.json}, the {@code runs.config} column, a data folder's manifest) and
 * the console lines that quote a setting. A secret belongs in the environment (for Spark's own,
 * {@code CELEBA_SPARK_SECRET}), never in a file that is kept, copied and queried for years.
 *
 * <p>What looks like a secret is Spark's own rule, so that a key Spark hides in its UI and event logs is hidden
 * here too: Spark 3.5's default {@code spark.redaction.regex}, {@code (?i)secret|password|token|access[.]?key},
 * matched anywhere in the key, plus {@code credential} and {@code private.key} (key material that Spark's
 * default does not name), with a hyphen allowed where Spark's has a dot ({@code access-key}: HOCON keys are
 * hyphenated). The value becomes Spark's own replacement text.
 */
public final class Redaction {
    /** Keys whose values are hidden: Spark's default {@code spark.redaction.regex} and key material. */
    public static final Pattern SECRET_KEY =
            Pattern.compile("(?i)secret|password|token|access[.-]?key|credential|private[.-]?key");
    /** Spark's {@code Utils.REDACTION_REPLACEMENT_TEXT}. */
    public static final String REPLACEMENT = "*********(redacted)";

    private Redaction() {
    }

    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key).find();
    }

    /** {@code value}, or the replacement text when {@code key} looks like a secret. */
    public static String value(String key, String value) {
        return isSecret(key) ? REPLACEMENT : value;
    }

    /**
     * {@code config} with every leaf under a secret-looking path (the path's segments joined by dots, so a
     * whole {@code credentials { ... }} block too) replaced by the replacement text.
     */
    public static Config config(Config config) {
        Config redacted = config;
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            if (isSecret(e.getKey())) {
                redacted = redacted.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(REPLACEMENT,
                        e.getValue().origin().description()));
            }
        }
        return redacted;
    }
}
