package io.celebaspark.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One axis of an experiment's grid: a configuration key and the values its runs take, in the file's order.
 * It also says how a value reads in the two places a run shows its coordinates: the {@code grid_point}
 * column ({@code schedule.alpha=2}) and the run id ({@code a2}), so that both stay consistent.
 *
 * @param key    the configuration key ({@code schedule.alpha})
 * @param values its values, at least one, pairwise different
 */
public record GridAxis(String key, List<Value> values) {
    /**
     * One value of the axis, with the settings that go with it: an optimizer needs its own learning rate, so
     * {@code { value = sgd-momentum, settings { train.learning-rate = 0.05 } }} sets both on the runs that
     * take it, while the grid point and run id show only the value.
     *
     * @param value    the key's value
     * @param settings what runs with this value also set (often none)
     */
    public record Value(ConfigValue value, Config settings) {
    }

    public GridAxis {
        values = List.copyOf(values);
    }

    /** The keys that the settings of any of the axis's values set. */
    public Set<String> settingKeys() {
        Set<String> keys = new TreeSet<>();
        values.forEach(v -> v.settings().entrySet().forEach(e -> keys.add(e.getKey())));
        return keys;
    }

    /** {@code key=value}, as the runs table's {@code grid_point} lists a coordinate. */
    public String coordinate(ConfigValue value) {
        return key + "=" + render(value);
    }

    /**
     * The value's part of a run id: a string value as itself ({@code adam}), a list as its elements joined by
     * {@code _}, a number or boolean after the initials of the key's last segment ({@code a2} for
     * {@code schedule.alpha = 2}, {@code lr0.05} for {@code train.learning-rate}), so it reads without the
     * key; characters a run id cannot hold become {@code _}.
     */
    public String idPiece(ConfigValue value) {
        String piece = switch (value.valueType()) {
            case STRING -> render(value);
            case LIST -> ((List<?>) value.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining("_"));
            default -> initials() + render(value);
        };
        return piece.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A value as people write it: numbers in plain decimal ({@code 2}, {@code 0.001}), strings bare. */
    static String render(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NUMBER) {
            Number n = (Number) value.unwrapped();
            BigDecimal decimal = n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                    : new BigDecimal(n.toString());
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value.valueType() == ConfigValueType.LIST) {
            return ((List<?>) value.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value.unwrapped());
    }

    private String initials() {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        return Arrays.stream(leaf.split("-")).filter(w -> !w.isEmpty()).map(w -> w.substring(0, 1))
                .collect(Collectors.joining());
    }
}
