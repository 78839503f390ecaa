package io.celebaspark.report;

import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run's experiment grid coordinates other than the seed, as the runs table's {@code grid_point} column
 * spells them ({@code schedule.alpha=2, train.optimizer=adam}). Runs of one arm at one grid point differ
 * only by seed and form one cell of the report. An arm may lack a coordinate that does not apply to it
 * ({@code constant} has no {@code schedule.alpha}): it then belongs to every grid point that
 * {@linkplain #covers covers} its own.
 *
 * @param coordinates key to value, sorted by key
 */
public record GridPoint(Map<String, String> coordinates) implements Comparable<GridPoint> {
    public static final GridPoint NONE = new GridPoint(Map.of());
    private static final String SEPARATOR = ", ";

    public GridPoint {
        coordinates = Collections.unmodifiableMap(new TreeMap<>(coordinates));
    }

    /**
     * Parses the runs table's spelling; {@code null} or blank (a run trained outside an experiment grid) is
     * the point with no coordinates.
     *
     * @throws IllegalArgumentException on a pair without {@code =} or a key given twice
     */
    public static GridPoint parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, String> coordinates = new TreeMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("grid point '" + text + "' has a pair without key=value: '"
                        + pair.strip() + "'");
            }
            String key = pair.substring(0, eq).strip();
            if (coordinates.put(key, pair.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("grid point '" + text + "' gives " + key + " twice");
            }
        }
        return new GridPoint(coordinates);
    }

    /** Whether every coordinate of {@code other} is also one of this point's, with the same value. */
    public boolean covers(GridPoint other) {
        return coordinates.entrySet().containsAll(other.coordinates.entrySet());
    }

    /** The runs table's spelling, or {@code "(no grid coordinates)"} for {@link #NONE}. */
    public String label() {
        return coordinates.isEmpty() ? "(no grid coordinates)" : toString();
    }

    /** A name made of the coordinates' values, safe in file names ({@code alpha-2_adam}); {@code all} for none. */
    public String slug() {
        if (coordinates.isEmpty()) {
            return "all";
        }
        return coordinates.entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "-" + e.getValue())
                .map(s -> s.replaceAll("[^A-Za-z0-9.-]+", "-"))
                .collect(Collectors.joining("_"));
    }

    @Override
    public String toString() {
        return coordinates.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(SEPARATOR));
    }

    /** Key by key, values as numbers when both are numbers (so alpha=2 comes before alpha=10). */
    @Override
    public int compareTo(GridPoint other) {
        Iterator<Map.Entry<String, String>> a = coordinates.entrySet().iterator();
        Iterator<Map.Entry<String, String>> b = other.coordinates.entrySet().iterator();
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<String, String> x = a.next();
            Map.Entry<String, String> y = b.next();
            int c = x.getKey().compareTo(y.getKey());
            if (c == 0) {
                c = VALUE_ORDER.compare(x.getValue(), y.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }

    private static final Comparator<String> VALUE_ORDER = (x, y) -> {
        Double dx = number(x);
        Double dy = number(y);
        return dx != null && dy != null ? Double.compare(dx, dy) : x.compareTo(y);
    };

    private static Double number(String value) {
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
