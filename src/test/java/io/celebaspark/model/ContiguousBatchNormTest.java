package io.celebaspark.model;

import io.celebaspark.testing.TestModels;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import static io.celebaspark.testing.ArrayAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contiguous BatchNorm path computes what DL4J's stock paths do: forward output, input gradient, gamma and beta
 * gradients, and the running mean and variance after a training step, against oneDNN's helper (NHWC) and DL4J's
 * built-in layer (NCHW, where the built-in layers are the reference; see {@link Dl4jHelpersTest}); and its
 * gradients pass a numerical check in double precision.
 */
class ContiguousBatchNormTest {
    /**
     * Small enough to run in seconds, deep enough for four BatchNorm layers of 32 to 256 channels. The ReLU a layer
     * of its own, as on the stock path, so the layers line up one to one ({@link FusedReluTest} covers the fusion).
     */
    private static final ModelSpec FAST = new ModelSpec("compact", 32, 32, 3, 3, true, 0.0, 1e-5, 42,
            CNN2DFormat.NHWC, true, false);
    /**
     * The parity step. Not Adam: its first step moves every parameter by about ±lr whatever the gradient's size,
     * so a gradient within float rounding of zero (some convolution weights) flips a 2·lr difference between two
     * paths that round differently; plain SGD keeps parameter differences proportional to gradient differences.
     */
    private static final Sgd STEP = new Sgd(0.1);

    @Test
    void fastSpecBuildsTheContiguousHelperAndStockSpecOneDnns() {
        MultiLayerNetwork fast = NetworkFactory.network(FAST, new Adam(1e-3));
        MultiLayerNetwork stock = NetworkFactory.network(FAST.withFastBatchNorm(false), new Adam(1e-3));
        assertEquals(4, batchNormHelpers(fast, ContiguousBatchNormHelper.class));
        assertEquals(4, batchNormHelpers(stock, MKLDNNBatchNormHelper.class));
        assertTrue(NetworkFactory.describeComputation(fast).contains("BatchNorm helper ContiguousBatchNormHelper"),
                NetworkFactory.describeComputation(fast));
        assertTrue(NetworkFactory.describeComputation(stock).contains("BatchNorm helper MKLDNNBatchNormHelper"));
        // NCHW has no contiguous channel rows: stock layer whatever the switch says
        MultiLayerNetwork nchw = NetworkFactory.network(FAST.withLayout(CNN2DFormat.NCHW), new Adam(1e-3));
        assertEquals(4, batchNormHelpers(nchw, MKLDNNBatchNormHelper.class));
    }

    /** Bundles, checkpoints and Spark workers rebuild the network from its configuration: the path travels. */
    @Test
    void theHelperTravelsWithTheConfigurationAndSavedNetworks() throws IOException {
        MultiLayerNetwork fast = NetworkFactory.network(FAST, new Adam(1e-3));
        MultiLayerConfiguration worker = MultiLayerConfiguration.fromJson(fast.getLayerWiseConfigurations().toJson());
        MultiLayerNetwork rebuilt = new MultiLayerNetwork(worker);
        rebuilt.init(fast.params().dup(), false);
        assertEquals(4, batchNormHelpers(rebuilt, ContiguousBatchNormHelper.class));

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, saved, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(saved.toByteArray()), true);
        assertEquals(4, batchNormHelpers(restored, ContiguousBatchNormHelper.class));
        INDArray x = nhwcBatch(4, 3).getFeatures();
        assertEquals(fast.output(x, false), restored.output(x, false));
    }

    @Test
    void agreesWithOneDnnsHelper() {
        MultiLayerNetwork stock = NetworkFactory.network(FAST.withFastBatchNorm(false), STEP);
        stock.fit(nhwcBatch(8, 1)); // move the running statistics off their initial values
        MultiLayerNetwork fast = NetworkFactory.network(FAST, STEP);
        fast.setParams(stock.params().dup());
        assertSameComputation(stock, fast, nhwcBatch(8, 2), false);
    }

    @Test
    void agreesWithDl4jsBuiltInLayer() {
        MultiLayerNetwork builtIn = Dl4jHelpersTest.withHelpersDisabled(
                () -> NetworkFactory.network(FAST.withLayout(CNN2DFormat.NCHW), STEP));
        assertEquals(4, batchNormHelpers(builtIn, null));
        builtIn.fit(nchw(nhwcBatch(8, 1)));
        MultiLayerNetwork fast = NetworkFactory.network(FAST, STEP);
        fast.setParams(builtIn.params().dup()); // compact's parameters are laid out alike in both layouts
        assertSameComputation(builtIn, fast, nhwcBatch(8, 2), true);
    }

    /** DL4J's numerical gradient check, double precision: two helper BatchNorms in a row (so the first one's
     *  gamma and beta gradients pass through the second one's input gradient). */
    @Test
    void gradientsPassANumericalCheckInDoublePrecision() {
        gradientChecked(new ContiguousBatchNormalization(),
                new ActivationLayer.Builder().activation(Activation.TANH).build(),
                new ContiguousBatchNormalization(),
                new ActivationLayer.Builder().activation(Activation.TANH).build());
    }

    /** A network that passed DL4J's numerical gradient check, and the input it was checked on. */
    record Checked(MultiLayerNetwork net, INDArray input) {
    }

    /**
     * Checks {@code layers} (each BatchNorm on the contiguous helper) with DL4J's numerical gradient check in double
     * precision: NHWC input 4×5×4×3 in [-1, 2), then global average pooling and MSE on two outputs, every BatchNorm's
     * gamma and beta drawn away from 1 and 0 so that the check sees every term of the backward pass.
     */
    static Checked gradientChecked(org.deeplearning4j.nn.conf.layers.Layer... layers) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                    .seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                    .list();
            for (org.deeplearning4j.nn.conf.layers.Layer layer : layers) {
                list.layer(layer);
            }
            MultiLayerConfiguration conf = list
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                            .nOut(2).build())
                    .setInputType(InputType.convolutional(5, 4, 3, CNN2DFormat.NHWC))
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            // running statistics: updated by moving average, not by their "gradient" (as DL4J's own checks)
            Set<String> runningStatistics = new HashSet<>();
            for (int i = 0; i < net.getnLayers(); i++) {
                if (net.getLayer(i) instanceof BatchNormalization b) {
                    assertInstanceOf(ContiguousBatchNormHelper.class, b.getHelper());
                    b.getParam("gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, 3).addi(0.5));
                    b.getParam("beta").assign(Nd4j.rand(DataType.DOUBLE, 1, 3).subi(0.5));
                    runningStatistics.addAll(Set.of(i + "_mean", i + "_log10stdev"));
                }
            }
            assertFalse(runningStatistics.isEmpty(), "no BatchNorm to check");
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5, 4, 3).muli(3).subi(1);
            INDArray y = Nd4j.rand(DataType.DOUBLE, 4, 2);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                    .labels(y).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                    .excludeParams(runningStatistics)));
            return new Checked(net, x);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /**
     * Same outputs (inference and training), parameter and input gradients, and parameters after one SGD step
     * (running mean and variance included). {@code expected} takes NCHW input when {@code expectedNchw}.
     */
    private static void assertSameComputation(MultiLayerNetwork expected, MultiLayerNetwork actual, DataSet nhwc,
                                              boolean expectedNchw) {
        DataSet reference = expectedNchw ? nchw(nhwc) : nhwc;
        assertClose(expected.output(reference.getFeatures(), false), actual.output(nhwc.getFeatures(), false), 1e-4,
                "inference output");
        assertClose(expected.output(reference.getFeatures(), true), actual.output(nhwc.getFeatures(), true), 1e-4,
                "training output");
        Pair<Gradient, INDArray> e = expected.calculateGradients(reference.getFeatures(), reference.getLabels(),
                null, null);
        Pair<Gradient, INDArray> a = actual.calculateGradients(nhwc.getFeatures(), nhwc.getLabels(), null, null);
        for (int bn = 1; bn < expected.getnLayers(); bn++) {
            if (expected.getLayer(bn) instanceof BatchNormalization) {
                assertClose(e.getFirst().getGradientFor(bn + "_gamma"), a.getFirst().getGradientFor(bn + "_gamma"),
                        1e-4, "layer " + bn + " gamma gradient");
                assertClose(e.getFirst().getGradientFor(bn + "_beta"), a.getFirst().getGradientFor(bn + "_beta"),
                        1e-4, "layer " + bn + " beta gradient");
            }
        }
        assertClose(e.getFirst().gradient(), a.getFirst().gradient(), 1e-4, "all parameter gradients");
        INDArray inputGradient = expectedNchw ? e.getSecond().permute(0, 2, 3, 1) : e.getSecond();
        assertClose(inputGradient, a.getSecond(), 1e-4, "input gradient");

        INDArray meanBefore = actual.getLayer(1).getParam("mean").dup();
        expected.fit(reference);
        actual.fit(nhwc);
        assertNotEquals(meanBefore, actual.getLayer(1).getParam("mean"), "the step moves the running mean");
        for (int bn = 1; bn < actual.getnLayers(); bn++) {
            if (actual.getLayer(bn) instanceof BatchNormalization) {
                assertClose(expected.getLayer(bn).getParam("mean"), actual.getLayer(bn).getParam("mean"), 1e-4,
                        "layer " + bn + " running mean after a step");
                assertClose(expected.getLayer(bn).getParam("log10stdev"),
                        actual.getLayer(bn).getParam("log10stdev"), 1e-4, "layer " + bn + " running log10 std");
            }
        }
        assertClose(expected.params(), actual.params(), 1e-4, "parameters after one SGD step");
    }

    /** BatchNorm layers of {@code net} whose helper is of {@code type} ({@code null}: no helper). */
    private static int batchNormHelpers(MultiLayerNetwork net, Class<?> type) {
        int count = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization b) {
                if (type == null) {
                    assertNull(b.getHelper());
                } else {
                    assertInstanceOf(type, b.getHelper());
                }
                count++;
            }
        }
        return count;
    }

    private static DataSet nhwcBatch(int size, long seed) {
        return TestModels.randomBatch(seed, 3, size, 32, 32, 3);
    }

    private static DataSet nchw(DataSet nhwc) {
        return new DataSet(nhwc.getFeatures().permute(0, 3, 1, 2).dup(), nhwc.getLabels());
    }
}
