package io.celebaspark.preprocess;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.RejectReason;
import io.celebaspark.data.Split;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and pixel sums of a preprocess run, kept as exact integers so that shards and partitions merge
 * in any order to the same manifest: images, missing images and rejects per split, positives per split
 * and attribute, rejects per reason with one example each, and per-channel sums and sums of squares of
 * the train pixels (from which the manifest's mean and standard deviation come).
 */
public final class DatasetStatistics implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<Split, long[]> positives = new EnumMap<>(Split.class);
    private final Map<Split, Long> images = new EnumMap<>(Split.class);
    private final Map<Split, Long> missing = new EnumMap<>(Split.class);
    private final Map<Split, Long> rejected = new EnumMap<>(Split.class);
    private final Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, String> examples = new EnumMap<>(RejectReason.class);
    private final long[] channelSum;
    private final long[] channelSumSquares;
    private long pixelsPerChannel;

    public DatasetStatistics(int channels) {
        channelSum = new long[channels];
        channelSumSquares = new long[channels];
    }

    /** Adds {@code count} images of a split, with their per-attribute positive counts. */
    public void addImages(Split split, long count, long[] attributePositives) {
        images.merge(split, count, Long::sum);
        long[] p = positives.computeIfAbsent(split, s -> new long[CelebaAttributes.COUNT]);
        for (int i = 0; i < p.length; i++) {
            p[i] += attributePositives[i];
        }
    }

    /** Adds one image of a split with its packed attribute bits (the per-image path of the decode tasks). */
    public void addImage(Split split, long attributeBits) {
        images.merge(split, 1L, Long::sum);
        long[] p = positives.computeIfAbsent(split, s -> new long[CelebaAttributes.COUNT]);
        for (int i = 0; i < p.length; i++) {
            p[i] += attributeBits >>> i & 1L;
        }
    }

    /** Adds train pixel sums: per channel, the sum and the sum of squares over {@code pixels} values. */
    public void addTrainPixels(long[] sum, long[] sumSquares, long pixels) {
        for (int c = 0; c < channelSum.length; c++) {
            channelSum[c] += sum[c];
            channelSumSquares[c] += sumSquares[c];
        }
        pixelsPerChannel += pixels;
    }

    /**
     * Adds rejects of one reason. A missing image counts towards its split's missing count; any other
     * reject of a known split towards that split's rejected count.
     */
    public void addRejects(RejectReason reason, Split splitOrNull, long count, String example) {
        rejects.merge(reason, count, Long::sum);
        if (example != null) {
            examples.merge(reason, example, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        if (splitOrNull != null) {
            (reason == RejectReason.MISSING_IMAGE ? missing : rejected).merge(splitOrNull, count, Long::sum);
        }
    }

    public void merge(DatasetStatistics other) {
        other.images.forEach((s, n) -> addImages(s, n, other.positives.get(s)));
        addTrainPixels(other.channelSum, other.channelSumSquares, other.pixelsPerChannel);
        other.rejects.forEach((r, n) -> rejects.merge(r, n, Long::sum));
        other.examples.forEach((r, e) -> examples.merge(r, e, (a, b) -> a.compareTo(b) <= 0 ? a : b));
        other.missing.forEach((s, n) -> missing.merge(s, n, Long::sum));
        other.rejected.forEach((s, n) -> rejected.merge(s, n, Long::sum));
    }

    public long images(Split split) {
        return images.getOrDefault(split, 0L);
    }

    public long totalImages() {
        return images.values().stream().mapToLong(Long::longValue).sum();
    }

    public long missing(Split split) {
        return missing.getOrDefault(split, 0L);
    }

    /** Images of this split that exist but were rejected. */
    public long rejected(Split split) {
        return rejected.getOrDefault(split, 0L);
    }

    public long positives(Split split, int attribute) {
        long[] p = positives.get(split);
        return p == null ? 0 : p[attribute];
    }

    /** Fraction of a split's images with the attribute, or NaN for an empty split. */
    public double positiveRate(Split split, int attribute) {
        long n = images(split);
        return n == 0 ? Double.NaN : (double) positives(split, attribute) / n;
    }

    /** Rejects per reason, in reason order. */
    public Map<RejectReason, Long> rejectsByReason() {
        return new TreeMap<>(rejects);
    }

    /** The lexicographically first file or row rejected for this reason, or {@code null}. */
    public String example(RejectReason reason) {
        return examples.get(reason);
    }

    /** Rejects that count as failures (everything but missing images). */
    public long failures() {
        return rejects.entrySet().stream().filter(e -> e.getKey().isFailure()).mapToLong(Map.Entry::getValue).sum();
    }

    /** The failure reason with the most rejects, or {@code null} when there are none. */
    public RejectReason commonestFailure() {
        return rejects.entrySet().stream().filter(e -> e.getKey().isFailure() && e.getValue() > 0)
                .max(Map.Entry.<RejectReason, Long>comparingByValue()
                        .thenComparing(e -> -e.getKey().ordinal()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** Per-channel mean of the train pixels, in pixel units (0–255). */
    public double[] channelMean() {
        double[] mean = new double[channelSum.length];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = pixelsPerChannel == 0 ? Double.NaN : (double) channelSum[c] / pixelsPerChannel;
        }
        return mean;
    }

    /** Per-channel population standard deviation of the train pixels, in pixel units. */
    public double[] channelStd() {
        double[] std = new double[channelSum.length];
        for (int c = 0; c < std.length; c++) {
            if (pixelsPerChannel == 0) {
                std[c] = Double.NaN;
                continue;
            }
            double n = pixelsPerChannel;
            // sum of squared deviations = sumSq - sum^2/n, computed in exact-ish order to avoid cancellation
            double ss = channelSumSquares[c] - (double) channelSum[c] * channelSum[c] / n;
            std[c] = Math.sqrt(Math.max(0, ss) / n);
        }
        return std;
    }
}
