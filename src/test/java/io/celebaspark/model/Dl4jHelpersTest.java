package io.celebaspark.model;

import io.celebaspark.spark.SparkSessions;
import io.celebaspark.testing.TestModels;
import org.apache.spark.SparkConf;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.celebaspark.testing.ArrayAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DL4J's oneDNN helpers attach to the project's networks and compute what DL4J's built-in layers do. */
class Dl4jHelpersTest {
    /** In the default layout (NHWC): the helpers must attach to the network as trained. */
    private static final ModelSpec COMPACT = new ModelSpec("compact", 64, 64, 3, 3, true, 0.0, 1e-5, 42);

    @Test
    void bridgeAnswersDl4jsCheckWithTheOneDnnBuild() {
        assertTrue(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN(),
                "the nd4j-native build loaded is not a oneDNN build (see pom.xml)");
    }

    @Test
    void compactNetworkTrainsWithOneDnnHelpers() {
        MultiLayerNetwork net = NetworkFactory.network(COMPACT, new Adam(1e-3));
        DataSet data = nchwBatch(8, 1);
        net.fit(data.getFeatures().permute(0, 2, 3, 1).dup(), data.getLabels()); // channels last, as it takes them
        List<LayerHelper> conv = helpers(net, ConvolutionLayer.class);
        List<LayerHelper> batchNorm = helpers(net, BatchNormalization.class);
        assertFalse(conv.isEmpty());
        conv.forEach(h -> assertInstanceOf(MKLDNNConvHelper.class, h));
        // BatchNorm: the project's contiguous helper by default, oneDNN's on the stock path
        batchNorm.forEach(h -> assertInstanceOf(ContiguousBatchNormHelper.class, h));
        helpers(NetworkFactory.network(COMPACT.withFastBatchNorm(false), new Adam(1e-3)), BatchNormalization.class)
                .forEach(h -> assertInstanceOf(MKLDNNBatchNormHelper.class, h));
    }

    /** NHWC only where oneDNN computes it: DL4J M2's built-in layers get NHWC weight gradients wrong. */
    @Test
    void newNetworksAreChannelsLastOnlyWhereOneDnnRunsThem() {
        assertEquals(CNN2DFormat.NHWC, ModelSpec.defaultLayout());
        assertEquals(CNN2DFormat.NCHW, withHelpersDisabled(ModelSpec::defaultLayout));
    }

    @Test
    void helpersStayOffWhenDisabledExplicitly() {
        MultiLayerNetwork net = withHelpersDisabled(() -> NetworkFactory.network(COMPACT, new Adam(1e-3)));
        helpers(net, ConvolutionLayer.class).forEach(h -> assertNull(h));
    }

    /**
     * Same parameters, same input: oneDNN's forward pass and gradients match DL4J's im2col + BLAS ones. In NCHW:
     * DL4J M2's built-in layers in NHWC, after a training step, gave the second convolution's weight gradient
     * up to ~4% off oneDNN's (outputs equal), while oneDNN's NHWC gradients match its NCHW ones to float
     * rounding ({@link InputLayoutTest}); so NCHW is where the built-in layers are the reference, and NHWC is
     * checked against NCHW. Training runs with the helpers on.
     */
    @Test
    void helpersAgreeWithBuiltInLayers() {
        ModelSpec nchw = COMPACT.withLayout(CNN2DFormat.NCHW);
        MultiLayerNetwork oneDnn = NetworkFactory.network(nchw, new Adam(1e-3));
        oneDnn.fit(nchwBatch(8, 1)); // move BatchNorm's running statistics off their initial values
        MultiLayerNetwork builtIn = withHelpersDisabled(() -> NetworkFactory.network(nchw, new Adam(1e-3)));
        builtIn.setParams(oneDnn.params().dup());
        helpers(builtIn, ConvolutionLayer.class).forEach(h -> assertNull(h));

        DataSet data = nchwBatch(8, 2);
        assertClose(builtIn.output(data.getFeatures(), false), oneDnn.output(data.getFeatures(), false), 1e-4,
                "inference");
        assertClose(builtIn.output(data.getFeatures(), true), oneDnn.output(data.getFeatures(), true), 1e-4,
                "training");
        assertClose(gradient(builtIn, data), gradient(oneDnn, data), 1e-4, "gradient");
    }

    @Test
    void executorsGetTheHelpersFlagAppendedToLauncherOptions() {
        SparkConf launcher = new SparkConf(false).set(SparkSessions.EXECUTOR_JAVA_OPTIONS, "-Dfoo=bar");
        assertEquals("-Dfoo=bar " + Dl4jRuntime.EXECUTOR_JAVA_OPTION,
                SparkSessions.withDl4jHelpers(launcher).get(SparkSessions.EXECUTOR_JAVA_OPTIONS));
        assertEquals(Dl4jRuntime.EXECUTOR_JAVA_OPTION,
                SparkSessions.withDl4jHelpers(new SparkConf(false)).get(SparkSessions.EXECUTOR_JAVA_OPTIONS));
        String off = "-D" + Dl4jRuntime.HELPERS_DISABLE + "=true";
        assertEquals(off, SparkSessions.withDl4jHelpers(new SparkConf(false)
                .set(SparkSessions.EXECUTOR_JAVA_OPTIONS, off)).get(SparkSessions.EXECUTOR_JAVA_OPTIONS));
    }

    private static INDArray gradient(MultiLayerNetwork net, DataSet data) {
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    /** Builds with DL4J's helpers off (its own default), then turns them back on. */
    static <T> T withHelpersDisabled(Supplier<T> build) {
        Dl4jRuntime.enableHelpers();
        String before = System.getProperty(Dl4jRuntime.HELPERS_DISABLE);
        System.setProperty(Dl4jRuntime.HELPERS_DISABLE, "true");
        try {
            return build.get();
        } finally {
            System.setProperty(Dl4jRuntime.HELPERS_DISABLE, before);
        }
    }

    private static List<LayerHelper> helpers(MultiLayerNetwork net, Class<? extends Layer> type) {
        List<LayerHelper> found = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (layer instanceof ConvolutionLayer c && type.isInstance(layer)) {
                found.add(c.getHelper());
            } else if (layer instanceof BatchNormalization b && type.isInstance(layer)) {
                found.add(b.getHelper());
            }
        }
        return found;
    }

    private static DataSet nchwBatch(int size, long seed) {
        return TestModels.randomBatch(seed, 3, size, 3, 64, 64);
    }
}
