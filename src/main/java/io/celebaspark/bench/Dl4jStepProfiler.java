package io.celebaspark.bench;

import io.celebaspark.model.ContiguousBatchNormalization;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where a DL4J training step's time goes, layer type by layer type: wraps the convolution, BatchNorm, max-pooling
 * and ReLU layers of a network in a {@link BaseWrapperLayer} (DL4J's own way to put a layer inside another: its
 * {@code MultiLayerNetwork} unwraps such layers where it needs the inner type) that times each forward
 * ({@code activate}) and backward ({@code backpropGradient}) call, then times whole {@code fit} steps. On CPU every
 * ND4J op returns when it is done, so a call's wall time is the layer's time, its oneDNN calls, reorders, ND4J glue
 * and workspace handling included; what is outside the layers (dense output layer and loss, dropout, global pooling,
 * the updater, DL4J's bookkeeping) is {@link StepPart#OTHER}. Where the ReLU is fused into BatchNorm
 * ({@link ContiguousBatchNormalization#isReluFused()}) there is no ReLU layer to time: the BatchNorm parts include the
 * ReLU and {@link StepPart#RELU} is 0 ({@link #reluInBatchNorm()}, which the table's reader must be told).
 *
 * <p>Chosen over ND4J's {@code OpProfiler} (per-op timing, but the generic ops of BatchNorm, the updater and ReLU are
 * indistinguishable by name, and its bookkeeping costs more than the small ops it times) and over
 * {@code DNNL_VERBOSE} (only oneDNN primitives: the contiguous BatchNorm's ND4J passes and every generic op are
 * invisible). The wrapped network computes exactly what the unwrapped one does ({@code Dl4jStepProfilerTest}).
 * Profile a network of its own, not one that is trained for real: the wrappers stay in it.
 */
public final class Dl4jStepProfiler {
    private final MultiLayerNetwork net;
    private final List<TimedLayer> timed = new ArrayList<>();

    private Dl4jStepProfiler(MultiLayerNetwork net) {
        this.net = net;
    }

    /** Wraps {@code net}'s timed layers in place (its updater is created first, from the unwrapped layers). */
    public static Dl4jStepProfiler wrap(MultiLayerNetwork net) {
        net.getUpdater();
        Dl4jStepProfiler profiler = new Dl4jStepProfiler(net);
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            StepPart[] parts = parts(layers[i].conf().getLayer());
            if (parts != null) {
                TimedLayer t = new TimedLayer(layers[i], parts[0], parts[1]);
                profiler.timed.add(t);
                layers[i] = t;
            }
        }
        return profiler;
    }

    /** The forward and backward parts of a layer configuration, or null for {@link StepPart#OTHER}. */
    static StepPart[] parts(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof ConvolutionLayer) {
            return new StepPart[]{StepPart.CONVOLUTION_FORWARD, StepPart.CONVOLUTION_BACKWARD};
        } else if (conf instanceof BatchNormalization) {
            return new StepPart[]{StepPart.BATCHNORM_FORWARD, StepPart.BATCHNORM_BACKWARD};
        } else if (conf instanceof SubsamplingLayer) {
            return new StepPart[]{StepPart.POOLING, StepPart.POOLING};
        } else if (conf instanceof ActivationLayer a && a.getActivationFn() instanceof ActivationReLU) {
            return new StepPart[]{StepPart.RELU, StepPart.RELU};
        }
        return null;
    }

    /** Whether the network's ReLUs run inside its BatchNorm layers, so the BatchNorm parts include them. */
    public boolean reluInBatchNorm() {
        return timed.stream().anyMatch(t -> t.getUnderlying().conf().getLayer()
                instanceof ContiguousBatchNormalization b && b.isReluFused());
    }

    /** The network, with its timed layers wrapped. */
    public MultiLayerNetwork network() {
        return net;
    }

    /** Fits {@code steps} steps, cycling through {@code batches}, and says where their time went, per step. */
    public StepBreakdown profile(List<DataSet> batches, int steps) {
        timed.forEach(TimedLayer::reset);
        long stepNanos = 0;
        for (int i = 0; i < steps; i++) {
            DataSet batch = batches.get(i % batches.size());
            long start = System.nanoTime();
            net.fit(batch);
            stepNanos += System.nanoTime() - start;
        }
        Map<StepPart, Double> parts = new EnumMap<>(StepPart.class);
        for (TimedLayer t : timed) {
            parts.merge(t.forwardPart, t.forwardNanos / 1e9 / steps, Double::sum);
            parts.merge(t.backwardPart, t.backwardNanos / 1e9 / steps, Double::sum);
        }
        return StepBreakdown.of(parts, stepNanos / 1e9 / steps);
    }

    /** A layer whose forward and backward calls are timed; everything else goes straight to the layer inside. */
    private static final class TimedLayer extends BaseWrapperLayer {
        private final StepPart forwardPart;
        private final StepPart backwardPart;
        private long forwardNanos;
        private long backwardNanos;

        TimedLayer(Layer underlying, StepPart forwardPart, StepPart backwardPart) {
            super(underlying);
            this.forwardPart = forwardPart;
            this.backwardPart = backwardPart;
        }

        void reset() {
            forwardNanos = 0;
            backwardNanos = 0;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            long start = System.nanoTime();
            try {
                return super.activate(training, mgr);
            } finally {
                forwardNanos += System.nanoTime() - start;
            }
        }

        @Override
        public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr mgr) {
            long start = System.nanoTime();
            try {
                return super.activate(input, training, mgr);
            } finally {
                forwardNanos += System.nanoTime() - start;
            }
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            long start = System.nanoTime();
            try {
                return super.backpropGradient(epsilon, mgr);
            } finally {
                backwardNanos += System.nanoTime() - start;
            }
        }
    }
}
