package io.celebaspark.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.provenance.BuildInfo;
import org.deeplearning4j.nn.conf.CNN2DFormat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code model.json} of a {@link ModelBundle}: what a saved network answers (its labels, in output order),
 * what it expects (architecture and input shape), where it came from (run, epoch, code version) and how
 * good it was on validation when saved. {@code predict} reads the labels from here, not from config, so a
 * model always prints the attributes it was trained on.
 *
 * <p>Format versions: v2 added {@code input_layout}. This build reads v1 cards too: they predate the choice of
 * layout, when every network was built in DL4J's default NCHW, so a v1 card means NCHW. Builds that only read v1
 * refuse a v2 card with a message rather than feeding an NHWC network NCHW minibatches.
 *
 * @param inputLayout     how the network takes its input ({@code NCHW} or {@code NHWC}); {@link ModelBundle}
 *                        checks it against the network itself
 * @param kind            {@value #BEST} (the epoch with the best value of {@code schedule.monitor} so far) or
 *                        {@value #FINAL} (end of the run)
 * @param valLoss         mean validation cross-entropy when saved; {@code null} when not evaluated
 * @param valAccMean      validation accuracy averaged over labels; {@code null} when not evaluated
 * @param valBalancedAccMean validation balanced accuracy averaged over labels; {@code null} when not evaluated
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelCard(String format, int formatVersion, String runId, String kind, int epoch, List<String> labels,
                        String architecture, int inputHeight, int inputWidth, int inputChannels,
                        CNN2DFormat inputLayout, String codeVersion,
                        String createdAt, Double valLoss, Double valAccMean, Double valBalancedAccMean) {

    public static final String FORMAT = "celeba-spark/model";
    public static final int FORMAT_VERSION = 2;
    /** The last version without {@code input_layout}: its networks are all NCHW. */
    private static final int BEFORE_LAYOUT = 1;
    public static final String BEST = "best";
    public static final String FINAL = "final";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelCard {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("a model card needs the model's labels in output order");
        }
        labels = List.copyOf(labels);
        if (!BEST.equals(kind) && !FINAL.equals(kind)) {
            throw new IllegalArgumentException("model kind is " + BEST + " or " + FINAL + ", not " + kind);
        }
        if (inputLayout == null && formatVersion == BEFORE_LAYOUT) {
            inputLayout = CNN2DFormat.NCHW;
        }
    }

    /**
     * A card for a network built from {@code spec}, stamped with this build's code version and the time now.
     *
     * @param val the validation evaluation the model was saved after, or {@code null}
     */
    public static ModelCard of(String runId, String kind, int epoch, List<String> labels, ModelSpec spec,
                               Evaluation val) {
        if (labels.size() != spec.labels()) {
            throw new IllegalArgumentException(labels.size() + " labels " + labels + " for a network with "
                    + spec.labels() + " outputs");
        }
        return new ModelCard(FORMAT, FORMAT_VERSION, runId, kind, epoch, labels, spec.architecture(), spec.height(),
                spec.width(), spec.channels(), spec.layout(), BuildInfo.codeVersion(), Instant.now().toString(),
                val == null ? null : val.loss(), val == null ? null : finite(val.meanAccuracy()),
                val == null ? null : finite(val.meanBalancedAccuracy()));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("model card cannot be rendered as JSON", e);
        }
    }

    /** Parses a card and checks that this build understands its format. */
    public static ModelCard fromJson(String json, String where) {
        ModelCard card;
        try {
            card = JSON.readValue(json, ModelCard.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not a celeba-spark model card: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(card.format()) || card.formatVersion() < BEFORE_LAYOUT
                || card.formatVersion() > FORMAT_VERSION) {
            throw new IllegalArgumentException(where + " has format " + card.format() + " v" + card.formatVersion()
                    + "; this build reads " + FORMAT + " v" + BEFORE_LAYOUT + " to v" + FORMAT_VERSION
                    + ": use the build that trained the model, or retrain with this one");
        }
        if (card.inputLayout() == null) {
            throw new IllegalArgumentException(where + " has no input_layout (NCHW or NHWC), which a v"
                    + card.formatVersion() + " card must have");
        }
        return card;
    }

    /** JSON has no NaN: an undefined mean (e.g. a single-class label's balanced accuracy) is written as null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
