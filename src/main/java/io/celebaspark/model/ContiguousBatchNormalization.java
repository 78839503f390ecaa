package io.celebaspark.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.util.Collection;

/**
 * DL4J's BatchNorm layer configuration, with the layer it builds computing through
 * {@link ContiguousBatchNormHelper} instead of the helper DL4J would pick (oneDNN's, or none).
 *
 * <p>Why a configuration class: DL4J's Spark workers, bundles and checkpoints rebuild networks from the
 * configuration (JSON names each layer's class), so the choice travels with the network and needs no code on the
 * workers' side. The layer itself stays DL4J's: same parameters (running statistics included, so parameter
 * averaging sees them), same running-statistics update, same built-in fallback. DL4J M2 keeps the layer's helper in
 * a package-private field ({@code BatchNormalization.helper}, read from the M2 bytecode) with no setter, so it is
 * set reflectively, once per layer built. Default settings only (the networks here use no others).
 *
 * <p>The ReLU fused ({@link #isReluFused()}, JSON {@code reluFused}): the layer computes {@code max(0, BatchNorm(x))}
 * and replaces BatchNorm → {@code ActivationLayer(RELU)}. DL4J's own BatchNorm layer never applies an activation
 * (M2's {@code activate} returns {@code preOutput}, and {@code backpropGradient} takes no activation derivative, with
 * or without a helper: read from the bytecode), so the helper does it. Its built-in code would compute BatchNorm
 * without the ReLU, so a fused layer has no fallback: DL4J's {@code cudnnAllowFallback} is off and a helper failure
 * stops the step. Configurations saved without the field (every network before the fusion) read back unfused.
 */
public class ContiguousBatchNormalization extends BatchNormalization {
    private static final Field HELPER = helperField();

    private boolean reluFused;

    /** BatchNorm alone, followed by a ReLU layer of its own (and DL4J's constructor for JSON). */
    public ContiguousBatchNormalization() {
    }

    /** BatchNorm with the ReLU after it computed inside the layer: no {@code ActivationLayer} follows. */
    public static ContiguousBatchNormalization fusedWithRelu() {
        ContiguousBatchNormalization layer = new ContiguousBatchNormalization();
        layer.setReluFused(true);
        return layer;
    }

    /** Whether the layer's output is {@code max(0, BatchNorm(x))}. */
    public boolean isReluFused() {
        return reluFused;
    }

    /** For DL4J's JSON; fused turns the built-in fallback off (it would compute without the ReLU). */
    public void setReluFused(boolean fused) {
        this.reluFused = fused;
        if (fused) {
            setCudnnAllowFallback(false);
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (reluFused && getCnn2DFormat() != CNN2DFormat.NHWC) {
            throw new IllegalStateException("layer " + layerIndex + ": BatchNorm with the ReLU fused runs on NHWC"
                    + " activations only, this network is " + getCnn2DFormat() + ": build it with"
                    + " train.fused-relu = false");
        }
        Layer layer = super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams,
                networkDataType);
        ContiguousBatchNormHelper helper = new ContiguousBatchNormHelper(reluFused);
        if (helper.checkSupported(getEps(), isLockGammaBeta())) {
            try {
                HELPER.set(layer, helper);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot install the BatchNorm helper into DL4J's layer", e);
            }
        } else if (reluFused) {
            throw new IllegalStateException("layer " + layerIndex + ": BatchNorm with the ReLU fused needs trainable"
                    + " gamma and beta (lockGammaBeta is set): build it with train.fused-relu = false");
        }
        return layer;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof ContiguousBatchNormalization other && other.reluFused == reluFused;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(reluFused);
    }

    private static Field helperField() {
        try {
            Field field = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class
                    .getDeclaredField("helper");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's BatchNormalization layer has no 'helper' field: this class"
                    + " is written against DL4J 1.0.0-M2", e);
        }
    }
}
