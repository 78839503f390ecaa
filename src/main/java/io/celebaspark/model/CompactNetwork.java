package io.celebaspark.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * docs/architecture.md's reference network, layer for layer the PyTorch model that set the bar (so accuracy and
 * speed comparisons are like for like): four 3×3 same-padded convolutions 3→32→64→128→256, each followed by
 * BatchNorm and ReLU, 2×2 max-pooling after the first three, global average pooling, dropout, one sigmoid
 * output per label.
 *
 * <p>Parameter count, 3 labels at 64×64 (the count does not depend on the input size):
 * <ul>
 *   <li>convolutions without bias (BatchNorm's beta makes a bias redundant, as in the PyTorch model):
 *       3·32·9 + 32·64·9 + 64·128·9 + 128·256·9 = 387,936</li>
 *   <li>BatchNorm gamma and beta, 2·(32+64+128+256) = 960; dense 256·3 + 3 = 771</li>
 *   <li>trainable total 389,667: docs/architecture.md's (and PyTorch's {@code requires_grad}) number</li>
 *   <li>DL4J's {@code numParams()} also counts BatchNorm's running mean and variance (stored in the same
 *       flat parameter vector, updated by moving average, not by gradient; PyTorch keeps them as buffers):
 *       another 960, so DL4J reports 390,627</li>
 * </ul>
 * Without BatchNorm the convolutions get their bias back (+480) and there is nothing to normalise:
 * 387,936 + 480 + 771 = 389,187.
 */
final class CompactNetwork {
    private static final int[] FILTERS = {32, 64, 128, 256};

    private CompactNetwork() {
    }

    static NeuralNetConfiguration.ListBuilder addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
        for (int i = 0; i < FILTERS.length; i++) {
            NetworkFactory.addConvolution(layers, spec, FILTERS[i], 3, 1);
            if (i < FILTERS.length - 1) {
                layers.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
            }
        }
        layers.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        return layers.layer(NetworkFactory.sigmoidOutput(spec));
    }
}
