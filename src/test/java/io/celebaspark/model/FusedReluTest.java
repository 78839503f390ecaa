package io.celebaspark.model;

import io.celebaspark.testing.TestModels;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.celebaspark.testing.ArrayAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ReLU fused into the contiguous BatchNorm computes what BatchNorm followed by DL4J's ReLU layer does (outputs,
 * gradients, one Adam step, running statistics), on the same parameter vector and updater state, so fused and
 * unfused networks exchange both; the fusion travels with the configuration and older configurations read back
 * unfused; the backward pass passes a numerical check in double precision.
 */
class FusedReluTest {
    /** compact at 32×32 with four BatchNorm layers of 32 to 256 channels; no dropout, so two networks step alike. */
    private static final ModelSpec FUSED = new ModelSpec("compact", 32, 32, 3, 3, true, 0.0, 1e-5, 42,
            CNN2DFormat.NHWC);
    private static final ModelSpec RELU_LAYER = FUSED.withFusedRelu(false);

    @Test
    void theFusedNetworkHasNoReluLayersTheSameParametersAndSaysSo() {
        MultiLayerNetwork fused = NetworkFactory.network(FUSED, new Adam(1e-3));
        MultiLayerNetwork separate = NetworkFactory.network(RELU_LAYER, new Adam(1e-3));
        assertEquals(0, count(fused, ActivationLayer.class));
        assertEquals(4, count(separate, ActivationLayer.class));
        assertEquals(4, fusedBatchNorms(fused));
        assertEquals(0, fusedBatchNorms(separate));
        assertEquals(separate.getnLayers() - 4, fused.getnLayers());
        // the same seed draws the same parameters: activation layers have none, so nothing moves in the vector
        assertEquals(separate.params(), fused.params());
        assertEquals(parameterLayout(separate), parameterLayout(fused));
        assertEquals(separate.getUpdater().getStateViewArray().length(),
                fused.getUpdater().getStateViewArray().length());

        assertTrue(NetworkFactory.describeComputation(fused).endsWith(
                "BatchNorm helper ContiguousBatchNormHelper, ReLU fused"), NetworkFactory.describeComputation(fused));
        assertTrue(NetworkFactory.describeComputation(separate).endsWith(
                "BatchNorm helper ContiguousBatchNormHelper, ReLU a layer of its own"));
        // only where BatchNorm is contiguous: DL4J's stock BatchNorm keeps its ReLU layer whatever the switch says
        MultiLayerNetwork stock = NetworkFactory.network(FUSED.withFastBatchNorm(false), new Adam(1e-3));
        assertEquals(4, count(stock, ActivationLayer.class));
        assertFalse(NetworkFactory.describeComputation(stock).contains("ReLU"));
        assertEquals(4, count(NetworkFactory.network(FUSED.withLayout(CNN2DFormat.NCHW), new Adam(1e-3)),
                ActivationLayer.class));
    }

    /**
     * Bit for bit the same arithmetic (the same BatchNorm code, {@code max(0, y)} and its mask), so the tolerance
     * is float rounding at most: outputs in both modes, every gradient, the input gradient, and after one Adam step
     * the parameters (running statistics included) and Adam's state.
     */
    @Test
    void computesWhatTheReluLayerDoesThroughAnAdamStep() {
        MultiLayerNetwork separate = NetworkFactory.network(RELU_LAYER, new Adam(1e-3));
        separate.fit(batch(8, 1)); // running statistics and Adam's moments away from their start
        MultiLayerNetwork fused = NetworkFactory.network(FUSED, new Adam(1e-3));
        fused.setParams(separate.params().dup());
        fused.getUpdater().getStateViewArray().assign(separate.getUpdater().getStateViewArray());
        MultiLayerConfiguration stepped = separate.getLayerWiseConfigurations();
        fused.getLayerWiseConfigurations().setIterationCount(stepped.getIterationCount());

        DataSet data = batch(8, 2);
        INDArray x = data.getFeatures();
        assertClose(separate.output(x, false), fused.output(x, false), 1e-6, "inference output");
        assertClose(separate.output(x, true), fused.output(x, true), 1e-6, "training output");
        // feedForward lists the input first: the ReLU layer's output against the fused BatchNorm's
        assertEquals(separate.feedForward(x, true).get(3), fused.feedForward(x, true).get(2),
                "the first block's activation: BatchNorm then ReLU");
        Pair<Gradient, INDArray> e = separate.calculateGradients(x, data.getLabels(), null, null);
        Pair<Gradient, INDArray> a = fused.calculateGradients(x, data.getLabels(), null, null);
        assertClose(e.getFirst().gradient(), a.getFirst().gradient(), 1e-6, "all parameter gradients");
        assertClose(e.getSecond(), a.getSecond(), 1e-6, "input gradient");

        INDArray before = fused.params().dup();
        separate.fit(data);
        fused.fit(data);
        assertNotEquals(before, fused.params(), "the step moves the parameters");
        assertClose(separate.params(), fused.params(), 1e-6, "parameters after one Adam step");
        assertClose(separate.getUpdater().getStateViewArray(), fused.getUpdater().getStateViewArray(), 1e-6,
                "Adam's state after the step");
    }

    /** Spark workers, bundles and checkpoints rebuild from the JSON; configurations from before read unfused. */
    @Test
    void theFusionTravelsWithTheConfigurationAndOlderConfigurationsReadUnfused() throws IOException {
        MultiLayerNetwork fused = NetworkFactory.network(FUSED, new Adam(1e-3));
        String json = fused.getLayerWiseConfigurations().toJson();
        assertTrue(json.contains("\"reluFused\" : true"), json);
        ContiguousBatchNormalization withoutFallback = new ContiguousBatchNormalization();
        withoutFallback.setCudnnAllowFallback(false);
        assertNotEquals(withoutFallback, ContiguousBatchNormalization.fusedWithRelu(), "the fusion is part of equality");
        assertEquals(ContiguousBatchNormalization.fusedWithRelu(), ContiguousBatchNormalization.fusedWithRelu());
        assertEquals(4, fusedBatchNorms(rebuilt(json, fused.params())));

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fused, saved, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(saved.toByteArray()), true);
        assertEquals(4, fusedBatchNorms(restored));
        INDArray x = batch(4, 3).getFeatures();
        assertEquals(fused.output(x, false), restored.output(x, false));

        // the build before the fusion wrote the contiguous BatchNorm without the property
        MultiLayerNetwork separate = NetworkFactory.network(RELU_LAYER, new Adam(1e-3));
        String before = separate.getLayerWiseConfigurations().toJson()
                .replaceAll("\"reluFused\" : false,\\s*", "").replaceAll(",\\s*\"reluFused\" : false", "");
        assertFalse(before.contains("reluFused"));
        MultiLayerNetwork old = rebuilt(before, separate.params());
        assertEquals(0, fusedBatchNorms(old));
        assertEquals(4, count(old, ActivationLayer.class));
        assertEquals(separate.output(x, false), old.output(x, false));
    }

    @Test
    void aFusedLayerRefusesNchwNamingTheSwitch() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(ContiguousBatchNormalization.fusedWithRelu())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(1)
                        .build())
                .setInputType(InputType.convolutional(8, 8, 3, CNN2DFormat.NCHW))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        String message = assertThrows(IllegalStateException.class, net::init).getMessage();
        assertTrue(message.contains("NCHW") && message.contains("train.fused-relu = false"), message);
    }

    /**
     * DL4J's numerical gradient check, double precision: two fused layers in a row, so the first one's mask and
     * gradients pass through the second one's; on input where the ReLUs cut some activations, not all.
     */
    @Test
    void gradientsPassANumericalCheckInDoublePrecision() {
        ContiguousBatchNormTest.Checked checked = ContiguousBatchNormTest.gradientChecked(
                ContiguousBatchNormalization.fusedWithRelu(), ContiguousBatchNormalization.fusedWithRelu());
        assertEquals(2, fusedBatchNorms(checked.net()));
        for (int layer = 1; layer <= 2; layer++) {
            INDArray activation = checked.net().feedForward(checked.input(), true).get(layer);
            double zeros = activation.eq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue();
            assertTrue(zeros > 0 && zeros < activation.length(), "layer " + layer + " cuts " + zeros + " of "
                    + activation.length());
        }
    }

    /** Each parameter's name and length in the flat vector's order, layers without parameters left out. */
    private static List<String> parameterLayout(MultiLayerNetwork net) {
        List<String> layout = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            layer.paramTable().forEach((name, value) -> layout.add(name + ":" + value.length()));
        }
        return layout;
    }

    private static MultiLayerNetwork rebuilt(String json, INDArray params) {
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        net.init(params.dup(), false);
        return net;
    }

    private static int count(MultiLayerNetwork net, Class<?> layerConf) {
        int count = 0;
        for (Layer layer : net.getLayers()) {
            if (layerConf.isInstance(layer.conf().getLayer())) {
                count++;
            }
        }
        return count;
    }

    private static int fusedBatchNorms(MultiLayerNetwork net) {
        int count = 0;
        for (Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof ContiguousBatchNormalization b && b.isReluFused()) {
                assertTrue(((BatchNormalization) layer).getHelper() instanceof ContiguousBatchNormHelper);
                assertFalse(b.isCudnnAllowFallback(), "a fused layer has no built-in fallback");
                count++;
            }
        }
        return count;
    }

    private static DataSet batch(int size, long seed) {
        return TestModels.randomBatch(seed, 3, size, 32, 32, 3);
    }
}
