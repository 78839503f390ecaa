package io.celebaspark.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkFactoryTest {

    private static ModelSpec spec(String architecture, int size, int labels, boolean batchNorm, double dropout) {
        return new ModelSpec(architecture, size, size, 3, labels, batchNorm, dropout, 1e-5, 42);
    }

    @Test
    void compactHasDesignParameterCountPlusRunningStatistics() {
        MultiLayerNetwork net = NetworkFactory.network(spec("compact", 64, 3, true, 0.3), new Adam(1e-3));
        assertEquals(389_667, NetworkFactory.trainableParameters(net), "PyTorch's / docs/architecture.md's count");
        // + BatchNorm running mean and variance: 2 * (32 + 64 + 128 + 256) = 960
        assertEquals(389_667 + 960, net.numParams());
    }

    @Test
    void compactWithoutBatchNormHasConvolutionBiases() {
        MultiLayerNetwork net = NetworkFactory.network(spec("compact", 64, 3, false, 0.3), new Adam(1e-3));
        assertEquals(387_936 + 480 + 771, net.numParams());
        assertEquals(net.numParams(), NetworkFactory.trainableParameters(net));
    }

    @Test
    void compactDropoutIsConvertedToRetainProbability() {
        var conf = NetworkFactory.configuration(spec("compact", 64, 3, true, 0.3), new Adam(1e-3));
        var output = conf.getConf(conf.getConfs().size() - 1).getLayer();
        var dropout = (org.deeplearning4j.nn.conf.dropout.Dropout) output.getIDropout();
        assertEquals(0.7, dropout.getP(), 1e-12);
    }

    @Test
    void compactForwardPassGivesOneProbabilityPerLabel() {
        MultiLayerNetwork net = NetworkFactory.network(spec("compact", 64, 3, true, 0.3), new Adam(1e-3));
        INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 64, 64, 3), false);
        assertArrayEquals(new long[]{2, 3}, out.shape());
        assertTrue(out.minNumber().doubleValue() > 0 && out.maxNumber().doubleValue() < 1, out.toString());
    }

    @Test
    void leviHassnerBuildsAndRunsAt64And128() {
        for (int size : new int[]{64, 128}) {
            for (boolean batchNorm : new boolean[]{false, true}) {
                MultiLayerNetwork net = NetworkFactory.network(spec("levi-hassner", size, 5, batchNorm, 0.5),
                        new Adam(1e-3));
                INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, size, size, 3),
                        false);
                assertArrayEquals(new long[]{2, 5}, out.shape(), "size " + size + ", batchNorm " + batchNorm);
                assertTrue(out.minNumber().doubleValue() > 0 && out.maxNumber().doubleValue() < 1);
            }
        }
    }

    @Test
    void leviHassnerStrideKeepsAFourByFourMap() {
        assertEquals(4, LeviHassnerNetwork.firstStride(227));
        assertEquals(4, LeviHassnerNetwork.firstStride(128));
        assertEquals(2, LeviHassnerNetwork.firstStride(64));
        assertEquals(1, LeviHassnerNetwork.firstStride(32));
    }

    @Test
    void unknownArchitectureNamesTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> spec("resnet", 64, 3, true, 0.3));
        assertTrue(e.getMessage().contains("resnet") && e.getMessage().contains("compact")
                && e.getMessage().contains("levi-hassner"), e.getMessage());
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> spec("compact", 64, 3, true, 1.0));
        assertThrows(IllegalArgumentException.class, () -> spec("compact", 16, 3, true, 0.3));
        assertThrows(IllegalArgumentException.class, () -> spec("compact", 64, 0, true, 0.3));
    }

    @Test
    void compactLearnsOnATinyBatch() {
        ModelSpec spec = new ModelSpec("compact", 32, 32, 3, 3, true, 0.3, 1e-5, 7);
        MultiLayerNetwork net = NetworkFactory.network(spec, new Adam(1e-3));
        Nd4j.getRandom().setSeed(7);
        INDArray features = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 32, 32, 3);
        INDArray labels = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 3).gt(0.5)
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        DataSet batch = new DataSet(features, labels);
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
        }
        assertTrue(Double.isFinite(net.score()), "score " + net.score());
    }
}
