package io.celebaspark.model;

import org.deeplearning4j.nn.api.Layer;
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
 */
public class ContiguousBatchNormalization extends BatchNormalization {
    private static final Field HELPER = helperField();

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        Layer layer = super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams,
                networkDataType);
        ContiguousBatchNormHelper helper = new ContiguousBatchNormHelper();
        if (helper.checkSupported(getEps(), isLockGammaBeta())) {
            try {
                HELPER.set(layer, helper);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot install the BatchNorm helper into DL4J's layer", e);
            }
        }
        return layer;
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
