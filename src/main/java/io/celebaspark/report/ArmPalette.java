package io.celebaspark.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per arm, the same in every chart of a report and, for the known schedules, in every report:
 * Okabe and Ito's colour-blind-safe palette, lr-decay blue and batch-growth vermillion. Arms the palette
 * does not know take the remaining colours in order.
 */
public final class ArmPalette {
    private static final Map<String, Color> KNOWN = Map.of(
            "lr-decay", new Color(0x0072B2),
            "batch-growth", new Color(0xD55E00),
            "constant", new Color(0x009E73),
            "hybrid", new Color(0xCC79A7),
            "fixed-steps", new Color(0xE69F00));
    private static final List<Color> OTHERS = List.of(new Color(0x56B4E9), new Color(0x000000),
            new Color(0x8C564B), new Color(0x7F7F7F), new Color(0xBCBD22));

    private final Map<String, Color> colours = new LinkedHashMap<>();

    /** A palette for these arms; unknown arms take the other colours in the order given. */
    public ArmPalette(List<String> arms) {
        int next = 0;
        for (String arm : arms) {
            Color known = KNOWN.get(arm);
            colours.put(arm, known != null ? known : OTHERS.get(next++ % OTHERS.size()));
        }
    }

    /** The arm's colour. */
    public Color colour(String arm) {
        Color c = colours.get(arm);
        if (c == null) {
            throw new IllegalArgumentException("no colour for arm '" + arm + "'; arms: " + colours.keySet());
        }
        return c;
    }

    /** The colour as CSS hex, {@code #d55e00}. */
    public String css(String arm) {
        return String.format("#%06x", colour(arm).getRGB() & 0xFFFFFF);
    }
}
