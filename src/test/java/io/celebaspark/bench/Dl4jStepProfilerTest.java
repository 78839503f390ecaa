package io.celebaspark.bench;

import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DL4J side of {@code bench-speed}'s breakdown, on a tiny real run of the default network. */
class Dl4jStepProfilerTest {
    /** Dropout off, so two networks given the same parameters and minibatches take the same steps. */
    private static final ModelSpec SPEC = new ModelSpec("compact", 32, 32, 3, 3, true, 0.0, 1e-5, 42);
    /** How far the measured parts may overrun a step: the wrappers' own two clock reads per call. */
    private static final double TOLERANCE = 0.02;

    @Test
    void theWrappedNetworkTrainsExactlyAsTheStockOne() {
        MultiLayerNetwork stock = network();
        Dl4jStepProfiler profiler = Dl4jStepProfiler.wrap(network());
        profiler.network().setParams(stock.params().dup());
        List<DataSet> batches = batches(profiler.network(), 2);
        for (DataSet batch : batches) {
            stock.fit(batch);
        }
        profiler.profile(batches, batches.size());
        INDArray expected = stock.params();
        INDArray actual = profiler.network().params();
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 1e-6 * expected.amaxNumber().doubleValue());
    }

    /** The default network: the ReLU runs inside BatchNorm, whose parts then include it; no ReLU layer to time. */
    @Test
    void thePartsAddUpToTheStep() {
        Dl4jStepProfiler profiler = Dl4jStepProfiler.wrap(network());
        assertTrue(profiler.reluInBatchNorm());
        StepBreakdown b = profiled(profiler);
        for (StepPart part : StepPart.MEASURED) {
            if (part != StepPart.RELU) {
                assertTrue(b.seconds(part) > 0, part + " was not timed: " + b);
            }
        }
        assertEquals(0.0, b.seconds(StepPart.RELU), "no ReLU layer: " + b);
    }

    /** {@code train.fused-relu = false}: the ReLU layers are timed as their own part. */
    @Test
    void aSeparateReluLayerIsTimedAsItsOwnPart() {
        Dl4jStepProfiler profiler = Dl4jStepProfiler.wrap(NetworkFactory.network(SPEC.withFusedRelu(false),
                new Adam(1e-3)));
        assertFalse(profiler.reluInBatchNorm());
        StepBreakdown b = profiled(profiler);
        for (StepPart part : StepPart.MEASURED) {
            assertTrue(b.seconds(part) > 0, part + " was not timed: " + b);
        }
    }

    /** Three profiled steps after a warm-up one, whose parts add up to the step. */
    private static StepBreakdown profiled(Dl4jStepProfiler profiler) {
        List<DataSet> batches = batches(profiler.network(), 2);
        profiler.profile(batches, 1); // warm-up
        StepBreakdown b = profiler.profile(batches, 3);
        assertTrue(b.addsUp(TOLERANCE), "the parts overrun the step by more than 2%: " + b);
        assertEquals(b.stepSeconds(), b.seconds().values().stream().mapToDouble(Double::doubleValue).sum(),
                1e-9 * b.stepSeconds());
        return b;
    }

    private static MultiLayerNetwork network() {
        return NetworkFactory.network(SPEC, new Adam(1e-3));
    }

    private static List<DataSet> batches(MultiLayerNetwork net, int count) {
        Nd4j.getRandom().setSeed(7);
        boolean nhwc = NetworkFactory.inputLayout(net) == CNN2DFormat.NHWC;
        return IntStream.range(0, count).mapToObj(i -> new DataSet(
                Nd4j.rand(DataType.FLOAT, nhwc ? new long[]{8, 32, 32, 3} : new long[]{8, 3, 32, 32}),
                Nd4j.rand(DataType.FLOAT, 8, 3).gt(0.5).castTo(DataType.FLOAT))).toList();
    }
}
