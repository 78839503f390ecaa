package io.celebaspark.model;

import io.celebaspark.testing.TestModels;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import static io.celebaspark.testing.ArrayAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keeping each convolution's forward output for its backward pass (DL4J's cache mode) removes a oneDNN forward
 * convolution per layer and step and changes nothing else: same gradients, same parameters after an Adam step.
 */
class ForwardCacheTest {
    @Test
    void newNetworksCacheInEveryLayerAndTheirConfigurationCarriesItToWorkers() {
        MultiLayerNetwork net = NetworkFactory.network(spec("compact"), new Adam(1e-3));
        assertCachesEverywhere(net);
        // DL4J's Spark workers build their network from the broadcast configuration
        MultiLayerConfiguration worker = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(NetworkFactory.FORWARD_CACHE, worker.getCacheMode());
        worker.getConfs().forEach(c -> assertEquals(NetworkFactory.FORWARD_CACHE, c.getCacheMode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"compact", "levi-hassner"})
    void cachedStepEqualsTheUncachedOne(String architecture) {
        ModelSpec spec = spec(architecture);
        MultiLayerNetwork cached = NetworkFactory.network(spec, new Adam(1e-3));
        MultiLayerNetwork uncached = TestModels.withoutForwardCache(NetworkFactory.configuration(spec, new Adam(1e-3)));
        assertEquals(CacheMode.NONE, ((AbstractLayer<?>) uncached.getLayer(0)).getCacheMode());
        uncached.setParams(cached.params().dup());
        assertSameStep(uncached, cached, batch(spec), architecture);
    }

    /** Bundles and checkpoints saved before the cache say NONE; restoring them turns it on, same results. */
    @Test
    void restoredNetworksGetTheCacheAndTheSameStep() {
        ModelSpec spec = spec("compact");
        MultiLayerNetwork old = TestModels.withoutForwardCache(NetworkFactory.configuration(spec, new Adam(1e-3)));
        MultiLayerNetwork restored = TestModels.withoutForwardCache(NetworkFactory.configuration(spec,
                new Adam(1e-3)));
        restored.setParams(old.params().dup());
        NetworkFactory.withForwardCache(restored);
        assertCachesEverywhere(restored);
        assertSameStep(old, restored, batch(spec), "restored");
    }

    private static void assertSameStep(MultiLayerNetwork expected, MultiLayerNetwork actual, DataSet data,
                                       String what) {
        assertClose(gradient(expected, data), gradient(actual, data), 1e-5, what + ": gradient");
        expected.fit(data);
        actual.fit(data);
        assertClose(expected.params(), actual.params(), 1e-5, what + ": parameters after one Adam step");
    }

    private static void assertCachesEverywhere(MultiLayerNetwork net) {
        assertEquals(NetworkFactory.FORWARD_CACHE, net.getLayerWiseConfigurations().getCacheMode());
        for (Layer layer : net.getLayers()) {
            assertEquals(NetworkFactory.FORWARD_CACHE, ((AbstractLayer<?>) layer).getCacheMode(),
                    layer.getClass().getSimpleName());
            assertEquals(NetworkFactory.FORWARD_CACHE, layer.conf().getCacheMode());
        }
    }

    private static INDArray gradient(MultiLayerNetwork net, DataSet data) {
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    /** The default layout (NHWC with oneDNN), BatchNorm in compact, LRN in levi-hassner; no dropout. */
    private static ModelSpec spec(String architecture) {
        return new ModelSpec(architecture, 64, 64, 3, 3, architecture.equals("compact"), 0.0, 1e-5, 42);
    }

    private static DataSet batch(ModelSpec spec) {
        return spec.layout() == CNN2DFormat.NHWC
                ? TestModels.randomBatch(7, spec.labels(), 8, spec.height(), spec.width(), spec.channels())
                : TestModels.randomBatch(7, spec.labels(), 8, spec.channels(), spec.height(), spec.width());
    }
}
