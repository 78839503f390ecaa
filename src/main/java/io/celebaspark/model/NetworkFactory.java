package io.celebaspark.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Set;

/**
 * Turns a {@link ModelSpec} into a DL4J network: the one place that knows DL4J's conventions (dropout as a
 * retain probability, input type inference, BatchNorm running statistics living among the parameters), so
 * the architectures read like their papers and the trainer never builds layers itself.
 *
 * <p>Every network is multi-label: one sigmoid output per label with binary cross-entropy (XENT), since
 * CelebA's attributes are independent yes/no questions, not one choice among many. The updater is a
 * parameter because the trainer owns optimisation (SGD-Nesterov or Adam, learning-rate changes).
 *
 * <p>Layout: the spec's {@link ModelSpec#layout()} goes on the input type only; DL4J's input type inference
 * sets it on every convolution, pooling, BatchNorm and LRN layer (and flattens channels-last before a dense
 * layer), so the architectures stay layout-free. The layout then lives in the network's configuration, which
 * {@link #inputLayout} reads back: that, not the spec, is what minibatches must follow, since a network restored
 * from a bundle or checkpoint made before NHWC was the default is NCHW whatever today's spec says.
 *
 * <p>Forward cache: DL4J M2's convolution layer keeps its training forward output for the backward pass only when
 * the network's cache mode is not {@code NONE} (DL4J's default, chosen to save memory); otherwise
 * {@code backpropGradient} runs the oneDNN forward convolution a second time. Every network built or restored here
 * caches ({@link #FORWARD_CACHE}): the same gradients for one activation copy per convolution (docs/speed-levers.md).
 *
 * <p>BatchNorm: in NHWC, unless the spec asks for DL4J's stock layer, {@link ContiguousBatchNormalization}, whose
 * layers compute their statistics and backward pass as contiguous column sums ({@link ContiguousBatchNormHelper});
 * the configuration names that class, so Spark workers, bundles and checkpoints rebuild the same path. Unless the
 * spec keeps the ReLU separate ({@link ModelSpec#fusedRelu()}), that BatchNorm also computes the ReLU after it and
 * the network has no ReLU layer: the same parameter vector, in the same order (activation layers have none).
 * {@link #describeComputation} says which code computes a network's layers, for the run's log.
 */
public final class NetworkFactory {
    /** BatchNorm's running statistics: in DL4J's parameter vector, but never moved by the updater. */
    private static final Set<String> RUNNING_STATISTICS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    static {
        Dl4jRuntime.enableHelpers();
    }

    /**
     * DL4J's cache mode for every network: the convolution's forward output is kept for its backward pass.
     * {@code DEVICE} and {@code HOST} behave alike on CPU (one memory); {@code DEVICE} is DL4J's usual choice.
     */
    public static final CacheMode FORWARD_CACHE = CacheMode.DEVICE;

    private NetworkFactory() {
    }

    /** The network's configuration, for the trainer to wrap (e.g. in a Spark training master). */
    public static MultiLayerConfiguration configuration(ModelSpec spec, IUpdater updater) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .cacheMode(FORWARD_CACHE);
        if (spec.l2() > 0) {
            base.l2(spec.l2());
        }
        NeuralNetConfiguration.ListBuilder layers = spec.resolvedArchitecture().addLayers(base.list(), spec);
        return layers.setInputType(inputType(spec)).build();
    }

    /** What the network built from {@code spec} takes: one image, in the spec's layout. */
    static InputType inputType(ModelSpec spec) {
        return InputType.convolutional(spec.height(), spec.width(), spec.channels(), spec.layout());
    }

    /**
     * The layout {@code net} takes its input in, read from its first layer's configuration (DL4J writes it into
     * every convolution layer's JSON, NCHW included, so networks saved before layouts were chosen answer NCHW).
     * The one place that decides how minibatches for a given network are laid out.
     *
     * @throws IllegalArgumentException when the first layer is not a convolution (not a network built here)
     */
    public static CNN2DFormat inputLayout(MultiLayerNetwork net) {
        var first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        if (first instanceof ConvolutionLayer conv) {
            return conv.getCnn2dDataFormat();
        }
        throw new IllegalArgumentException("the network's first layer is " + first.getClass().getSimpleName()
                + ", not a convolution: no image layout to follow");
    }

    /** A freshly initialised network (weights drawn from the spec's seed). */
    public static MultiLayerNetwork network(ModelSpec spec, IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, updater));
        net.init();
        return net;
    }

    /**
     * Gives a network restored from a bundle or checkpoint the {@link #FORWARD_CACHE}, whatever cache mode it was
     * saved with (those saved before this build say {@code NONE}): in its configuration, which DL4J's Spark workers
     * clone, in every layer's configuration, and in the live layers. Results are unchanged, only the redundant
     * forward convolution goes.
     *
     * @return {@code net}
     */
    public static MultiLayerNetwork withForwardCache(MultiLayerNetwork net) {
        return withCacheMode(net, FORWARD_CACHE);
    }

    /**
     * Sets {@code mode} on {@code net}, its configuration (which Spark workers clone) and every layer. {@code NONE}
     * is DL4J's default and every build's before {@link #FORWARD_CACHE}: the stock path that tests and benchmarks
     * compare the cached one with.
     *
     * @return {@code net}
     */
    public static MultiLayerNetwork withCacheMode(MultiLayerNetwork net, CacheMode mode) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        conf.setCacheMode(mode);
        conf.getConfs().forEach(layer -> layer.setCacheMode(mode));
        net.setCacheMode(mode);
        return net;
    }

    /**
     * Which code computes {@code net}'s convolutions and BatchNorm layers, for the run's log: its layout, the first
     * convolution's helper (oneDNN's or none, DL4J's im2col) and whether its forward output is cached, the first
     * BatchNorm layer's helper (none: DL4J's built-in layer) and, for the contiguous one, whether the ReLU is fused
     * into it or a layer of its own.
     */
    public static String describeComputation(MultiLayerNetwork net) {
        String conv = "none";
        String batchNorm = null;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer c && conv.equals("none")) {
                conv = helperName(c.getHelper());
            } else if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization b
                    && batchNorm == null) {
                batchNorm = helperName(b.getHelper());
                if (b.conf().getLayer() instanceof ContiguousBatchNormalization contiguous) {
                    batchNorm += contiguous.isReluFused() ? ", ReLU fused" : ", ReLU a layer of its own";
                }
            }
        }
        return inputLayout(net) + "; convolution helper " + conv + ", forward "
                + (net.getLayerWiseConfigurations().getCacheMode() == CacheMode.NONE ? "recomputed" : "cached")
                + (batchNorm == null ? "" : "; BatchNorm helper " + batchNorm);
    }

    private static String helperName(Object helper) {
        return helper == null ? "none (DL4J built-in)" : helper.getClass().getSimpleName();
    }

    /**
     * Parameters the optimiser trains: DL4J's {@code numParams()} minus BatchNorm's running mean and
     * variance. This is the number PyTorch (and docs/architecture.md) reports, so the two can be compared.
     */
    public static long trainableParameters(MultiLayerNetwork net) {
        long total = 0;
        for (Layer layer : net.getLayers()) {
            boolean batchNorm = layer.conf().getLayer() instanceof BatchNormalization;
            for (var param : layer.paramTable().entrySet()) {
                if (!(batchNorm && RUNNING_STATISTICS.contains(param.getKey()))) {
                    total += param.getValue().length();
                }
            }
        }
        return total;
    }


    /**
     * A same-padded convolution followed by ReLU; with BatchNorm, convolution (no bias: BatchNorm's beta
     * replaces it, as in the PyTorch reference) then BatchNorm then ReLU, the last two one layer where the spec
     * fuses them ({@link ModelSpec#reluInBatchNorm()}).
     *
     * <p>The ReLU is never the convolution's activation (a layer of its own, or inside the contiguous BatchNorm): in
     * NHWC, DL4J M2's oneDNN convolution helper backpropagates a convolution's own activation wrongly (gradients off
     * by as much as their size, outputs right; {@code InputLayoutTest} without BatchNorm), while an activation layer
     * computes the same function and the right gradients in both layouts.
     */
    static void addConvolution(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec, int filters, int kernel,
                               int stride) {
        layers.layer(new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .nOut(filters)
                .convolutionMode(ConvolutionMode.Same)
                .hasBias(!spec.batchNorm())
                .activation(Activation.IDENTITY)
                .build());
        if (spec.reluInBatchNorm()) {
            layers.layer(ContiguousBatchNormalization.fusedWithRelu());
            return;
        }
        if (spec.batchNorm()) {
            layers.layer(spec.contiguousBatchNorm() ? new ContiguousBatchNormalization()
                    : new BatchNormalization.Builder().build());
        }
        layers.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
    }

    /** One sigmoid unit per label, with the spec's dropout (a drop probability) on its input. */
    static OutputLayer sigmoidOutput(ModelSpec spec) {
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nOut(spec.labels())
                .activation(Activation.SIGMOID)
                .weightInit(WeightInit.XAVIER);
        if (spec.dropout() > 0) {
            out.dropOut(new Dropout(1 - spec.dropout()));
        }
        return out.build();
    }
}
