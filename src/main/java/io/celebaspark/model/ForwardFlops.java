package io.celebaspark.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;

/**
 * Floating-point operations of one example's forward pass, computed from a network's shape, so speed can be
 * read as achieved GFLOP/s and as a fraction of the machine's ceiling rather than only as examples/s (which
 * depends on the network). Counted as deep-learning FLOP counters do: 2 per multiply-add of the
 * convolutions and dense layers (output pixels × output channels × input channels × kernel area); the
 * elementwise layers (BatchNorm, ReLU, pooling, dropout) are left out, as they are a fraction of a percent
 * of the total and bound by memory, not arithmetic. A training step costs about 3× the forward pass (the
 * gradients with respect to the inputs and to the weights are each a convolution as large).
 *
 * <p>For docs/architecture.md's {@code compact} network at 64×64 with 3 labels: convolutions
 * 2·(64²·32·3·9 + 32²·64·32·9 + 16²·128·64·9 + 8²·256·128·9) = 120,324,096 plus the output layer
 * 2·256·3 = 1,536: 120.3 MFLOP, as docs/architecture.md says.
 */
public final class ForwardFlops {
    private ForwardFlops() {
    }

    /** Forward FLOPs per example of a network built by {@link NetworkFactory} from this spec. */
    public static long of(ModelSpec spec) {
        return of(NetworkFactory.configuration(spec, new NoOp()), NetworkFactory.inputType(spec));
    }

    /** Forward FLOPs per example of any sequential configuration, for this input. */
    public static long of(MultiLayerConfiguration conf, InputType input) {
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        long flops = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            if (layer instanceof ConvolutionLayer conv && outputs.get(i) instanceof InputType.InputTypeConvolutional out) {
                flops += 2L * out.getHeight() * out.getWidth() * conv.getNOut() * conv.getNIn()
                        * conv.getKernelSize()[0] * conv.getKernelSize()[1];
            } else if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
                FeedForwardLayer dense = (FeedForwardLayer) layer;
                flops += 2L * dense.getNIn() * dense.getNOut();
            }
        }
        return flops;
    }
}
