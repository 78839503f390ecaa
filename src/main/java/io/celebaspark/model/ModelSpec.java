package io.celebaspark.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * Everything that decides the shape of a network, kept apart from the optimiser so the trainer can change
 * the learning rate or updater without touching the architecture, and so a saved model can say exactly
 * what it was built from. Input size comes from the manifest, {@code labels} from the configured attributes.
 *
 * @param architecture a name from {@link Architecture} ({@code compact}, {@code levi-hassner})
 * @param dropout      probability of <em>dropping</em> an activation (as in the papers and PyTorch), in
 *                     [0, 1); DL4J's own {@code dropOut(p)} takes the retain probability, and
 *                     {@link NetworkFactory} does that conversion in one place
 * @param l2           L2 penalty on weights (not biases, BatchNorm or running statistics); 0 for none
 * @param seed         seeds DL4J's weight initialisation and dropout masks, for reproducible runs
 * @param layout       the memory layout of the network's input and activations: {@link #defaultLayout()} for new
 *                     networks; a network's own layout is {@link NetworkFactory#inputLayout}
 * @param fastBatchNorm in NHWC, BatchNorm computes through {@link ContiguousBatchNormHelper} (config
 *                     {@code train.fast-batchnorm}); {@code false} keeps DL4J's stock layer as the reference path.
 *                     Decides the computation, not the network: the same parameters give the same results
 * @param fusedRelu    where BatchNorm runs on the contiguous helper, the ReLU after it runs inside that helper
 *                     instead of in a layer of its own (config {@code train.fused-relu}); {@code false} keeps the
 *                     separate ReLU layer as the reference path. Like {@code fastBatchNorm}, code only: the same
 *                     parameter vector, the same results
 */
public record ModelSpec(String architecture, int height, int width, int channels, int labels,
                        boolean batchNorm, double dropout, double l2, long seed, CNN2DFormat layout,
                        boolean fastBatchNorm, boolean fusedRelu) {

    /**
     * The layout of new networks: channels last wherever oneDNN's layer helpers run, NCHW elsewhere. With
     * DL4J's default NCHW, oneDNN runs max pooling on its reference {@code simple_nchw} kernel (~23% of oneDNN
     * time in a training step) and BatchNorm on {@code ncsp_bnorm}; in NHWC both run as JIT kernels (pooling
     * 20-40x, BatchNorm ~2x faster, fewer reorders), one-JVM training 1.1-1.2x faster, and the outputs and
     * gradients are the same for the same parameters ({@code InputLayoutTest}; docs/performance.md).
     * Without the helpers (the plain nd4j-native build as fallback, or the helpers switched off) DL4J M2's
     * built-in layers compute a convolution's weight gradient up to ~4% off in NHWC, so those JVMs build NCHW,
     * where the built-in layers are right. Networks saved before NHWC are NCHW and stay so.
     */
    public static CNN2DFormat defaultLayout() {
        return Dl4jRuntime.oneDnnHelpers() ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }

    /** A spec in the {@link #defaultLayout()}. */
    public ModelSpec(String architecture, int height, int width, int channels, int labels, boolean batchNorm,
                     double dropout, double l2, long seed) {
        this(architecture, height, width, channels, labels, batchNorm, dropout, l2, seed, defaultLayout());
    }

    /** A spec in {@code layout} with the fast BatchNorm path and the ReLU fused into it. */
    public ModelSpec(String architecture, int height, int width, int channels, int labels, boolean batchNorm,
                     double dropout, double l2, long seed, CNN2DFormat layout) {
        this(architecture, height, width, channels, labels, batchNorm, dropout, l2, seed, layout, true, true);
    }

    public ModelSpec {
        Architecture.named(architecture);
        if (layout == null) {
            throw new IllegalArgumentException("a network needs an input layout (NCHW or NHWC)");
        }
        if (height < 32 || width < 32) {
            throw new IllegalArgumentException("input must be at least 32x32 for the networks' pooling, got "
                    + height + "x" + width);
        }
        if (channels < 1 || labels < 1) {
            throw new IllegalArgumentException("channels and labels must be positive, got channels=" + channels
                    + ", labels=" + labels);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout is a drop probability in [0, 1), got " + dropout);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }
    }

    /** This spec in another layout: same network, same parameters, activations laid out differently. */
    public ModelSpec withLayout(CNN2DFormat other) {
        return new ModelSpec(architecture, height, width, channels, labels, batchNorm, dropout, l2, seed, other,
                fastBatchNorm, fusedRelu);
    }

    /** This spec with BatchNorm on the fast path or on DL4J's stock layer: same network, other code. */
    public ModelSpec withFastBatchNorm(boolean fast) {
        return new ModelSpec(architecture, height, width, channels, labels, batchNorm, dropout, l2, seed, layout,
                fast, fusedRelu);
    }

    /** This spec with the ReLU inside the contiguous BatchNorm or in a layer of its own: same network, other code. */
    public ModelSpec withFusedRelu(boolean fused) {
        return new ModelSpec(architecture, height, width, channels, labels, batchNorm, dropout, l2, seed, layout,
                fastBatchNorm, fused);
    }

    /** Whether this spec's BatchNorm layers compute through {@link ContiguousBatchNormHelper}: fast, and NHWC. */
    boolean contiguousBatchNorm() {
        return batchNorm && fastBatchNorm && layout == CNN2DFormat.NHWC;
    }

    /** Whether this spec's ReLUs run inside its BatchNorm layers: fused, and BatchNorm on the contiguous helper. */
    boolean reluInBatchNorm() {
        return fusedRelu && contiguousBatchNorm();
    }

    Architecture resolvedArchitecture() {
        return Architecture.named(architecture);
    }
}
