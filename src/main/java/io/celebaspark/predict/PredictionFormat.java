package io.celebaspark.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How {@code predict} prints: {@link #TABLE} for people, {@link #JSON} for programs (docs/architecture.md: one object
 * per image and line, {@code {"image": "<path>", "<Label>": <probability>, ...}} in label order, or
 * {@code {"image": "<path>", "error": "<why>"}} for an image that could not be scored). Both print each
 * prediction as it comes, so a large folder streams.
 */
public enum PredictionFormat {
    TABLE("table"),
    JSON("json");

    private static final ObjectMapper STRINGS = new ObjectMapper();
    private final String cliName;

    PredictionFormat(String cliName) {
        this.cliName = cliName;
    }

    public static PredictionFormat named(String name) {
        for (PredictionFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--format is table or json, not '" + name + "'");
    }

    /**
     * Starts the output (the table's header) and returns what prints one prediction.
     *
     * @param images every image that will be printed, so that the table's first column fits the longest
     */
    public Consumer<Prediction> printer(List<String> labels, List<String> images, PrintStream out) {
        if (this == JSON) {
            return p -> out.println(json(p, labels));
        }
        int imageWidth = Math.max("image".length(), images.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder header = new StringBuilder(pad("image", imageWidth));
        labels.forEach(l -> header.append("  ").append(String.format(Locale.ROOT, "%" + width(l) + "s", l)));
        out.println(header);
        return p -> {
            StringBuilder line = new StringBuilder(pad(p.image(), imageWidth));
            if (p.failed()) {
                line.append("  error: ").append(p.error());
            } else {
                for (int j = 0; j < labels.size(); j++) {
                    line.append("  ").append(String.format(Locale.ROOT, "%" + width(labels.get(j)) + ".4f",
                            p.probabilities()[j]));
                }
            }
            out.println(line);
        };
    }

    /** One prediction as the {@link #JSON} format prints it (one object, no line break). */
    public static String json(Prediction p, List<String> labels) {
        StringBuilder b = new StringBuilder("{\"image\": ").append(quote(p.image()));
        if (p.failed()) {
            b.append(", \"error\": ").append(quote(p.error()));
        } else {
            for (int j = 0; j < labels.size(); j++) {
                b.append(", ").append(quote(labels.get(j))).append(": ").append(p.probabilities()[j]);
            }
        }
        return b.append('}').toString();
    }

    private static String quote(String s) {
        try {
            return STRINGS.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string cannot be written as JSON", e);
        }
    }

    /** Wide enough for the label and for a probability printed as 0.1234. */
    private static int width(String label) {
        return Math.max(label.length(), 6);
    }

    private static String pad(String s, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s", s);
    }
}
