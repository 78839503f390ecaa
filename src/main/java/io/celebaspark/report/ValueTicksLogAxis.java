package io.celebaspark.report;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A vertical log axis whose ticks are the values the data takes (64, 128, 256; 1E-3, 5E-4), not powers of
 * the base: a schedule multiplies or divides by alpha, so its own values are the readable ticks. At most
 * {@value #MAX_TICKS} are labelled, evenly thinned, so a long run of decays stays legible.
 */
final class ValueTicksLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    static final int MAX_TICKS = 8;
    private final List<Double> ticks;
    private final NumberFormat format;

    ValueTicksLogAxis(String label, SortedSet<Double> values, NumberFormat format) {
        super(label);
        this.format = format;
        List<Double> positive = new ArrayList<>(new TreeSet<>(values.tailSet(Double.MIN_VALUE)));
        int step = Math.max(1, (int) Math.ceil(positive.size() / (double) MAX_TICKS));
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < positive.size(); i += step) {
            kept.add(positive.get(i));
        }
        this.ticks = List.copyOf(kept);
        setSmallestValue(positive.isEmpty() ? 1e-12 : positive.get(0) / 2);
    }

    @Override
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        List<NumberTick> result = new ArrayList<>();
        for (double value : ticks) {
            if (getRange().contains(value)) {
                result.add(new NumberTick(TickType.MAJOR, value, format.format(value), TextAnchor.CENTER_RIGHT,
                        TextAnchor.CENTER, 0.0));
            }
        }
        return result;
    }
}
