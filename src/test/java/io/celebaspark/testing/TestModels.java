package io.celebaspark.testing;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelCard;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.tensors.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Small networks and the manifests they would have been trained with, for tests of evaluation, bundles and
 * predict that need a model but not a training run: a 32x32 {@code compact} network (the smallest input the
 * networks take) and a manifest as {@code preprocess} writes it for CelebA's crop at that size.
 */
public final class TestModels {
    public static final int SIZE = 32;

    private TestModels() {
    }

    /** An untrained compact network, 32x32 RGB in, one output per label. */
    public static MultiLayerNetwork network(int labels, long seed) {
        return NetworkFactory.network(spec(labels, seed), new Adam(1e-3));
    }

    public static ModelSpec spec(int labels, long seed) {
        return new ModelSpec("compact", SIZE, SIZE, 3, labels, true, 0.3, 1e-5, seed);
    }

    /** The manifest of a CelebA-cropped dataset at 32x32 with the given train statistics. */
    public static Manifest manifest(double[] mean, double[] std) {
        ImageSpec spec = ImageSpec.celeba(SIZE);
        return new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, SIZE, SIZE, 3, "CHW", "uint8",
                spec.expectedWidth(), spec.expectedHeight(), spec.crop(), "area", new FacePreprocessor(spec).describe(),
                CelebaAttributes.NAMES, "train", mean, std,
                Map.of("train", new Manifest.SplitSummary(100, 0, 0, Map.of("Male", 0.4, "Smiling", 0.5))),
                Map.of(), 0, new Manifest.Source("OFFICIAL", "/celeba", Map.of(), Map.of(), List.of()), "test",
                "2024-01-01T00:00:00Z", "{}");
    }

    public static Manifest manifest() {
        return manifest(new double[]{128, 110, 100}, new double[]{60, 55, 50});
    }

    /**
     * Saves what the build before NHWC wrote into {@code dir}: an NCHW network without a forward cache (returned,
     * to compare against) and a v1 card without {@code input_layout}.
     */
    public static MultiLayerNetwork saveBundleFromBeforeNhwc(Path dir, List<String> labels, long seed)
            throws IOException {
        ModelSpec nchw = spec(labels.size(), seed).withLayout(CNN2DFormat.NCHW);
        MultiLayerNetwork net = withoutForwardCache(NetworkFactory.configuration(nchw, new Adam(1e-3)));
        ModelBundle.save(dir.toString(), net, ModelCard.of("run-0", ModelCard.FINAL, 1, labels, nchw, null),
                manifest(), "{}", new Configuration());
        writeCardAsVersion1(dir.resolve(ModelBundle.CARD_FILE));
        return net;
    }

    /**
     * Saves what the build before the fused ReLU wrote into {@code dir}: an NHWC network whose BatchNorm layers are
     * each followed by a ReLU layer of its own, trained one step (returned, to compare against).
     */
    public static MultiLayerNetwork saveBundleFromBeforeFusedRelu(Path dir, List<String> labels, long seed) {
        ModelSpec separate = spec(labels.size(), seed).withLayout(CNN2DFormat.NHWC).withFusedRelu(false);
        MultiLayerNetwork net = NetworkFactory.network(separate, new Adam(1e-3));
        net.fit(randomBatch(seed, labels.size(), 4, SIZE, SIZE, 3)); // running statistics away from their start
        ModelBundle.save(dir.toString(), net, ModelCard.of("run-0", ModelCard.FINAL, 1, labels, separate, null),
                manifest(), "{}", new Configuration());
        return net;
    }

    /**
     * A seeded random minibatch: features of {@code featureShape} uniform in [-1, 1), {@code labels} 0/1 labels
     * per example (the first dimension).
     */
    public static DataSet randomBatch(long seed, int labels, long... featureShape) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, featureShape).subi(0.5).muli(2);
        INDArray targets = Nd4j.rand(DataType.FLOAT, featureShape[0], labels).gt(0.5).castTo(DataType.FLOAT);
        return new DataSet(features, targets);
    }

    /**
     * A network of {@code conf} with DL4J's default cache mode {@code NONE}, as every build before
     * {@link NetworkFactory#FORWARD_CACHE} made them: each convolution runs its forward again in the backward pass.
     */
    public static MultiLayerNetwork withoutForwardCache(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return NetworkFactory.withCacheMode(net, CacheMode.NONE);
    }

    /**
     * Rewrites a saved bundle's {@code model.json} as the build before NHWC wrote it: format v1, no
     * {@code input_layout}.
     */
    public static void writeCardAsVersion1(Path card) throws IOException {
        String v1 = Files.readString(card).replace("\"format_version\" : 2", "\"format_version\" : 1")
                .replaceAll("\\s*\"input_layout\" : \"N[CHW]+\",", "");
        if (!v1.contains("\"format_version\" : 1") || v1.contains("input_layout")) {
            throw new IllegalStateException("not a v2 card with an input layout: " + v1);
        }
        Files.writeString(card, v1);
    }
}
