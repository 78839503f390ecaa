package io.celebaspark.model;

import io.celebaspark.tensors.Manifest;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds DL4J minibatches from stored uint8 images: the tensors table keeps pixels as bytes (a quarter of
 * float32's size) and normalisation happens here, per channel with the manifest's train mean/std, so every
 * consumer (training, evaluation, predict) normalises the same way.
 *
 * <p>Pixels are stored CHW; a minibatch is laid out as the network takes it, NCHW or NHWC
 * ({@link #layout()}): the transposition happens here, in the one pass that normalises, so it costs nothing
 * extra and every consumer gets it the same way. Whoever holds the network makes the batches follow it with
 * {@link #laidOutFor}.
 *
 * <p>Built for the hot path of every epoch: a per-channel 256-entry lookup table replaces the arithmetic,
 * one {@code float[]} is filled and handed to ND4J once. Augmentation by horizontal flip is driven by a
 * {@link SplittableRandom} the caller seeds, so a batch is reproducible from (seed, data order).
 * Serializable so Spark can ship it to the executors that build the batches.
 */
public final class TensorBatches implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int channels;
    private final int height;
    private final int width;
    private final int labels;
    private final float[][] normalised;
    private final CNN2DFormat layout;

    /**
     * @param mean   per-channel mean in pixel units (0–255), as in the manifest
     * @param std    per-channel standard deviation in pixel units
     * @param layout the layout of the minibatches' features
     */
    public TensorBatches(int channels, int height, int width, double[] mean, double[] std, int labels,
                         CNN2DFormat layout) {
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("need one mean and std per channel (" + channels + "), got "
                    + mean.length + " and " + std.length);
        }
        if (layout == null) {
            throw new IllegalArgumentException("minibatches need a layout (NCHW or NHWC)");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.labels = labels;
        this.layout = layout;
        this.normalised = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("std of channel " + c + " must be positive, got " + std[c]);
            }
            for (int v = 0; v < 256; v++) {
                normalised[c][v] = (float) ((v - mean[c]) / std[c]);
            }
        }
    }

    private TensorBatches(TensorBatches normalisation, CNN2DFormat layout) {
        this.channels = normalisation.channels;
        this.height = normalisation.height;
        this.width = normalisation.width;
        this.labels = normalisation.labels;
        this.normalised = normalisation.normalised;
        this.layout = layout;
    }

    /** Shape and statistics from a dataset's manifest. */
    public static TensorBatches forManifest(Manifest manifest, int labels, CNN2DFormat layout) {
        return new TensorBatches(manifest.channels(), manifest.height(), manifest.width(),
                manifest.channelMean(), manifest.channelStd(), labels, layout);
    }

    public CNN2DFormat layout() {
        return layout;
    }

    /** The same normalisation, laid out as {@code net} takes its input ({@link NetworkFactory#inputLayout}). */
    public TensorBatches laidOutFor(MultiLayerNetwork net) {
        CNN2DFormat wanted = NetworkFactory.inputLayout(net);
        return wanted == layout ? this : new TensorBatches(this, wanted);
    }

    /** A batch as stored, for evaluation and prediction. */
    public DataSet toDataSet(List<LabelledPixels> rows) {
        return build(rows, null);
    }

    /** A training batch: each example is mirrored left–right with probability ½, drawn from {@code flips}. */
    public DataSet toDataSet(List<LabelledPixels> rows, SplittableRandom flips) {
        return build(rows, flips);
    }

    private DataSet build(List<LabelledPixels> rows, SplittableRandom flips) {
        int n = rows.size();
        if (n == 0) {
            throw new IllegalArgumentException("a minibatch needs at least one image");
        }
        int plane = height * width;
        int imageSize = channels * plane;
        // where pixel (c, y, x) of an image goes: the stored CHW order, or channels last
        boolean nhwc = layout == CNN2DFormat.NHWC;
        int channelStride = nhwc ? 1 : plane;
        int xStride = nhwc ? channels : 1;
        int rowStride = width * xStride;
        float[] features = new float[n * imageSize];
        float[] targets = new float[n * labels];
        for (int i = 0; i < n; i++) {
            LabelledPixels row = rows.get(i);
            check(row, imageSize);
            boolean flip = flips != null && flips.nextBoolean();
            byte[] px = row.pixels();
            for (int c = 0; c < channels; c++) {
                float[] lut = normalised[c];
                int in = c * plane;
                int out = i * imageSize + c * channelStride;
                for (int y = 0; y < height; y++) {
                    int rowStart = in + y * width;
                    int outRow = out + y * rowStride;
                    if (flip) {
                        for (int x = 0; x < width; x++) {
                            features[outRow + x * xStride] = lut[px[rowStart + width - 1 - x] & 0xFF];
                        }
                    } else {
                        for (int x = 0; x < width; x++) {
                            features[outRow + x * xStride] = lut[px[rowStart + x] & 0xFF];
                        }
                    }
                }
            }
            boolean[] l = row.labels();
            for (int j = 0; j < labels; j++) {
                targets[i * labels + j] = l[j] ? 1f : 0f;
            }
        }
        long[] shape = nhwc ? new long[]{n, height, width, channels} : new long[]{n, channels, height, width};
        return new DataSet(Nd4j.create(features, shape), Nd4j.create(targets, new long[]{n, labels}));
    }

    private void check(LabelledPixels row, int imageSize) {
        if (row.pixels() == null || row.pixels().length != imageSize) {
            throw new IllegalArgumentException("image " + row.imageId() + " has "
                    + (row.pixels() == null ? "no" : row.pixels().length) + " pixel bytes; expected " + imageSize
                    + " (" + channels + "x" + height + "x" + width + " CHW uint8)");
        }
        if (row.labels() == null || row.labels().length != labels) {
            throw new IllegalArgumentException("image " + row.imageId() + " has "
                    + (row.labels() == null ? "no" : row.labels().length) + " labels; expected " + labels);
        }
    }
}
