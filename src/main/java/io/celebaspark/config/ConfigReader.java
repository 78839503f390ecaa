package io.celebaspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.util.Collection;
import java.util.List;

/**
 * Reads typed values out of a resolved {@link Config} and checks them against their constraint, so that
 * every settings record is validated once, at start, with messages of one shape:
 * {@code preprocess.image-size = 4 is invalid (from conf/x.conf: 3): must be between 8 and 512}.
 */
public final class ConfigReader {
    private final Config config;

    public ConfigReader(Config config) {
        this.config = config;
    }

    public int intIn(String key, int min, int max) {
        int value = typed(key, "an integer", () -> config.getInt(key));
        if (value < min || value > max) {
            throw invalid(key, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    public long longIn(String key, long min, long max) {
        long value = typed(key, "an integer", () -> config.getLong(key));
        if (value < min || value > max) {
            throw invalid(key, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    public double doubleIn(String key, double min, double max) {
        double value = typed(key, "a number", () -> config.getDouble(key));
        if (!(value >= min && value <= max)) {
            throw invalid(key, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    public boolean bool(String key) {
        return typed(key, "true or false", () -> config.getBoolean(key));
    }

    public String string(String key) {
        return typed(key, "a string", () -> config.getString(key));
    }

    /** A string that must be one of {@code allowed}. */
    public String oneOf(String key, Collection<String> allowed) {
        String value = string(key);
        if (!allowed.contains(value)) {
            throw invalid(key, "\"" + value + "\"", "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /**
     * An enum constant spelled as configuration spells it: {@code LR_DECAY} is {@code lr-decay}; anything
     * else is refused with the list of allowed names.
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        E[] constants = type.getEnumConstants();
        List<String> names = java.util.Arrays.stream(constants).map(ConfigReader::configName).toList();
        return constants[names.indexOf(oneOf(key, names))];
    }

    /** An enum constant as configuration spells it: {@code LR_DECAY} is {@code lr-decay}. */
    public static String configName(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public List<String> stringList(String key) {
        return List.copyOf(typed(key, "a list of strings", () -> config.getStringList(key)));
    }

    /** A ConfigurationException for a value that parsed but breaks a rule that only the caller knows. */
    public ConfigurationException invalid(String key, Object value, String rule) {
        return new ConfigurationException(key + " = " + value + " is invalid (" + origin(key) + "): " + rule);
    }

    private String origin(String key) {
        return config.hasPath(key) ? "from " + config.getValue(key).origin().description() : "not set";
    }

    private <T> T typed(String key, String expected, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigException.Missing e) {
            throw new ConfigurationException("configuration key '" + key + "' is missing; it has a default in"
                    + " reference.conf, so the classpath may hold an old copy of the jar", e);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            Object raw = config.getValue(key).unwrapped();
            throw invalid(key, raw instanceof String ? "\"" + raw + "\"" : raw, "must be " + expected);
        }
    }
}
