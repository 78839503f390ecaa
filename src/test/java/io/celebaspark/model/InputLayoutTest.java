package io.celebaspark.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.celebaspark.testing.ArrayAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NHWC, the default layout, changes how activations sit in memory (so oneDNN picks its JIT pooling and
 * BatchNorm kernels), not what the networks compute: the same parameters give the same outputs and gradients
 * as NCHW, and the same seed the same training curve.
 *
 * <p>Parameters: {@code compact}'s are laid out identically in both layouts (convolution weights are
 * [out, in, kH, kW] either way and global pooling hands the dense layer a plain vector), so the same seed
 * draws the same network. Where a dense layer reads a flattened feature map ({@code levi-hassner}), its
 * weight rows follow the flattening order, (c, h, w) in NCHW and (h, w, c) in NHWC: the seed draws the same
 * numbers but they mean different connections, so the tests carry NCHW parameters across by permuting those
 * rows ({@link #toNhwc}).
 */
class InputLayoutTest {
    private static final ModelSpec COMPACT = new ModelSpec("compact", 32, 32, 3, 3, true, 0.0, 1e-5, 42,
            CNN2DFormat.NCHW);

    @Test
    void networksAreBuiltNhwcByDefaultInEveryLayerAndSaySo() {
        ModelSpec spec = new ModelSpec("levi-hassner", 64, 64, 3, 3, false, 0.5, 0, 1);
        assertEquals(CNN2DFormat.NHWC, spec.layout());
        MultiLayerNetwork net = NetworkFactory.network(spec, new Adam(1e-3));
        assertEquals(CNN2DFormat.NHWC, NetworkFactory.inputLayout(net));
        int imageLayers = 0;
        for (var conf : net.getLayerWiseConfigurations().getConfs()) {
            CNN2DFormat format = null;
            if (conf.getLayer() instanceof ConvolutionLayer c) {
                format = c.getCnn2dDataFormat();
            } else if (conf.getLayer() instanceof SubsamplingLayer s) {
                format = s.getCnn2dDataFormat();
            } else if (conf.getLayer() instanceof BatchNormalization b) {
                format = b.getCnn2DFormat();
            } else if (conf.getLayer() instanceof LocalResponseNormalization l) {
                format = l.getDataFormat();
            }
            if (format != null) {
                assertEquals(CNN2DFormat.NHWC, format, conf.getLayer().toString());
                imageLayers++;
            }
        }
        assertEquals(8, imageLayers, "3 convolutions, 3 poolings, 2 LRN");
        assertEquals(CNN2DFormat.NCHW, NetworkFactory.inputLayout(NetworkFactory.network(COMPACT, new Adam(1e-3))));
    }

    @Test
    void batchesFollowTheNetworkTheyFeed() {
        TensorBatches nchw = new TensorBatches(3, 32, 32, new double[]{0, 0, 0}, new double[]{1, 1, 1}, 3,
                CNN2DFormat.NCHW);
        MultiLayerNetwork nhwcNet = NetworkFactory.network(COMPACT.withLayout(CNN2DFormat.NHWC), new Adam(1e-3));
        assertEquals(CNN2DFormat.NHWC, nchw.laidOutFor(nhwcNet).layout());
        assertSame(nchw, nchw.laidOutFor(NetworkFactory.network(COMPACT, new Adam(1e-3))));
    }

    @Test
    void compactGivesTheSameOutputsAndGradientsInBothLayouts() {
        assertSameFunction(COMPACT);
        assertSameFunction(new ModelSpec("compact", 32, 32, 3, 3, false, 0.0, 1e-5, 42, CNN2DFormat.NCHW));
    }

    @Test
    void leviHassnerGivesTheSameOutputsAndGradientsInBothLayouts() {
        assertSameFunction(new ModelSpec("levi-hassner", 64, 64, 3, 3, true, 0.0, 1e-5, 42, CNN2DFormat.NCHW));
        assertSameFunction(new ModelSpec("levi-hassner", 64, 64, 3, 3, false, 0.0, 1e-5, 42, CNN2DFormat.NCHW));
    }

    /**
     * "The same seeds give the same curves before and after": compact trained from one seed in NCHW and in
     * NHWC, on the same images with the same flips and dropout masks, through {@link TensorBatches} as training
     * does, loses the same at every step and ends with the same parameters.
     */
    @Test
    void theSameSeedGivesTheSameTrainingCurveInBothLayouts() {
        ModelSpec spec = new ModelSpec("compact", 32, 32, 3, 3, true, 0.3, 1e-5, 42, CNN2DFormat.NCHW);
        SplittableRandom random = new SplittableRandom(3);
        List<LabelledPixels> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] px = new byte[3 * 32 * 32];
            random.nextBytes(px);
            images.add(new LabelledPixels("img" + i, px, new boolean[]{random.nextBoolean(), random.nextBoolean(),
                    random.nextBoolean()}));
        }
        MultiLayerNetwork nchw = NetworkFactory.network(spec, new Adam(1e-3));
        MultiLayerNetwork nhwc = NetworkFactory.network(spec.withLayout(CNN2DFormat.NHWC), new Adam(1e-3));
        assertEquals(nchw.params(), nhwc.params(), "compact's initial parameters do not depend on the layout");

        double[] nchwCurve = curve(nchw, images);
        double[] nhwcCurve = curve(nhwc, images);
        for (int step = 0; step < nchwCurve.length; step++) {
            assertEquals(nchwCurve[step], nhwcCurve[step], 1e-4 * Math.abs(nchwCurve[step]), "step " + step);
        }
        assertTrue(nchwCurve[nchwCurve.length - 1] != nchwCurve[0], "the network trained");
        // Adam moves a parameter whose gradient is float noise by up to the learning rate whatever the noise's
        // size, so single parameters may differ by ~lr; the parameter vector as a whole stays put.
        double drift = nchw.params().distance2(nhwc.params()) / nchw.params().norm2Number().doubleValue();
        assertTrue(drift < 1e-3, "parameters after training differ by " + drift + " of their norm");
    }

    /** Training scores of five steps of 8 images, flips and dropout drawn from fixed seeds. */
    private static double[] curve(MultiLayerNetwork net, List<LabelledPixels> images) {
        TensorBatches batches = new TensorBatches(3, 32, 32, new double[]{127.5, 127.5, 127.5},
                new double[]{73.9, 73.9, 73.9}, 3, CNN2DFormat.NCHW).laidOutFor(net);
        SplittableRandom flips = new SplittableRandom(7);
        Nd4j.getRandom().setSeed(5);
        double[] scores = new double[images.size() / 8];
        for (int step = 0; step < scores.length; step++) {
            net.fit(batches.toDataSet(images.subList(step * 8, step * 8 + 8), flips));
            scores[step] = net.score();
        }
        return scores;
    }

    /** NCHW network vs its NHWC build with the same parameters: inference, training-mode output, gradients. */
    private static void assertSameFunction(ModelSpec nchwSpec) {
        MultiLayerNetwork nchw = NetworkFactory.network(nchwSpec, new Adam(1e-3));
        if (nchwSpec.batchNorm()) {
            // move BatchNorm's running statistics off their initial values; without BatchNorm one Adam step
            // saturates levi-hassner's sigmoids (its 6144x512 dense layer), leaving no gradient to compare
            nchw.fit(batch(nchwSpec, 8, 1));
        }
        // the ReLU a layer of its own in NHWC too, so the layers line up one to one (the fusion: FusedReluTest)
        MultiLayerNetwork nhwc = NetworkFactory.network(nchwSpec.withLayout(CNN2DFormat.NHWC).withFusedRelu(false),
                new Adam(1e-3));
        for (int layer = 0; layer < nchw.getnLayers(); layer++) {
            for (Map.Entry<String, INDArray> p : nchw.getLayer(layer).paramTable().entrySet()) {
                nhwc.getLayer(layer).getParam(p.getKey()).assign(toNhwc(nchw, layer, p.getKey(), p.getValue()));
            }
        }
        DataSet data = batch(nchwSpec, 8, 2);
        INDArray channelsLast = data.getFeatures().permute(0, 2, 3, 1).dup();
        String what = nchwSpec.architecture() + (nchwSpec.batchNorm() ? " with BatchNorm" : " without BatchNorm");
        assertClose(nchw.output(data.getFeatures(), false), nhwc.output(channelsLast, false),
                1e-4, what + ": inference");
        assertClose(nchw.output(data.getFeatures(), true), nhwc.output(channelsLast, true),
                1e-4, what + ": training mode");

        Map<String, INDArray> nchwGradient = gradient(nchw, data.getFeatures(), data.getLabels());
        Map<String, INDArray> nhwcGradient = gradient(nhwc, channelsLast, data.getLabels());
        assertEquals(nchwGradient.keySet(), nhwcGradient.keySet());
        // relative to the largest gradient anywhere: some (e.g. the first convolution's under LRN) are ~0
        double scale = nchwGradient.values().stream().mapToDouble(g -> g.amaxNumber().doubleValue()).max()
                .orElseThrow();
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, INDArray> g : nchwGradient.entrySet()) {
            String[] layerAndParam = g.getKey().split("_", 2);
            INDArray expected = toNhwc(nchw, Integer.parseInt(layerAndParam[0]), layerAndParam[1], g.getValue());
            double diff = flat(expected).sub(flat(nhwcGradient.get(g.getKey()))).amaxNumber().doubleValue();
            if (diff > 1e-4 * scale) {
                differing.add(g.getKey() + " by " + diff);
            }
        }
        assertTrue(differing.isEmpty(), what + ": gradients differ (largest gradient " + scale + "): " + differing);
    }

    /**
     * An NCHW network's parameter (or its gradient) as the NHWC build holds it: the same, except the weights
     * of a dense layer fed a flattened feature map, whose rows go from (c, h, w) to (h, w, c) order.
     */
    private static INDArray toNhwc(MultiLayerNetwork nchw, int layer, String param, INDArray value) {
        InputPreProcessor pre = nchw.getLayerWiseConfigurations().getInputPreProcess(layer);
        if (!(pre instanceof CnnToFeedForwardPreProcessor flatten) || !param.equals("W")) {
            return value;
        }
        long c = flatten.getNumChannels();
        long h = flatten.getInputHeight();
        long w = flatten.getInputWidth();
        long out = value.size(1);
        return value.dup('c').reshape('c', new long[]{c, h, w, out}).permute(1, 2, 0, 3).dup('c')
                .reshape('c', new long[]{h * w * c, out});
    }

    private static Map<String, INDArray> gradient(MultiLayerNetwork net, INDArray features, INDArray labels) {
        net.setInput(features);
        net.setLabels(labels);
        net.computeGradientAndScore();
        Map<String, INDArray> copy = new TreeMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }

    /** The elements in logical (row-major) order, whatever the array's shape and ordering. */
    private static INDArray flat(INDArray a) {
        return a.reshape('c', new long[]{a.length()});
    }

    private static DataSet batch(ModelSpec spec, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, size, spec.channels(), spec.height(), spec.width())
                .subi(0.5).muli(2);
        INDArray labels = Nd4j.rand(DataType.FLOAT, size, spec.labels()).gt(0.5).castTo(DataType.FLOAT);
        return new DataSet(features, labels);
    }
}
