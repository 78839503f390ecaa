package io.celebaspark.tensors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.celebaspark.image.CropBox;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a preprocessed dataset (docs/architecture.md): what the tensors are (shape, layout,
 * dtype, how they were cropped and resized), the statistics a trainer normalises with, how many images of
 * each split made it and what was left out, and where it all came from. The trainer refuses tensors whose
 * manifest it does not understand ({@link #FORMAT}, {@link #FORMAT_VERSION}) and copies it next to every
 * model, so a model always knows how its inputs were made.
 */
public record Manifest(
        String format,
        int formatVersion,
        int height,
        int width,
        int channels,
        String layout,
        String dtype,
        int expectedSourceWidth,
        int expectedSourceHeight,
        CropBox crop,
        String resize,
        String preprocessor,
        List<String> attributes,
        String statisticsSplit,
        double[] channelMean,
        double[] channelStd,
        Map<String, SplitSummary> splits,
        Map<String, Long> rejectsByReason,
        long skippedByLimit,
        Source source,
        String codeVersion,
        String createdAt,
        String config) {

    public static final String FORMAT = "celeba-spark/tensors";
    public static final int FORMAT_VERSION = 1;

    /**
     * @param images        rows in the tensors table for this split
     * @param missing       annotation rows of this split whose image file is absent
     * @param rejected      images of this split that exist but were rejected
     * @param positiveRates fraction of the split's images with each attribute
     */
    public record SplitSummary(long images, long missing, long rejected, Map<String, Double> positiveRates) {
    }

    /**
     * @param layout    which release layout was detected
     * @param root      the input root as given
     * @param files     the annotation files read, by role
     * @param checksums SHA-256 of each annotation file, by file name
     * @param warnings  oddities that did not stop the run (e.g. a count line that disagrees)
     */
    public record Source(String layout, String root, Map<String, String> files, Map<String, String> checksums,
                         List<String> warnings) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("manifest cannot be rendered as JSON", e);
        }
    }

    /** Parses a manifest and checks that this code understands its format. */
    public static Manifest fromJson(String json, String where) {
        Manifest m;
        try {
            m = JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not a celeba-spark manifest: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.format()) || m.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException(where + " has format " + m.format() + " v" + m.formatVersion()
                    + "; this build reads " + FORMAT + " v" + FORMAT_VERSION + ": re-run preprocess with this build");
        }
        return m;
    }
}
