package io.celebaspark.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.nd4j.linalg.activations.Activation;

/**
 * The Levi &amp; Hassner (2015) age/gender CNN, the "paper" network the original study compared against:
 * conv 96 7×7 + ReLU + max-pool 3×3/2 + LRN; conv 256 5×5 + ReLU + max-pool + LRN; conv 384 3×3 + ReLU +
 * max-pool; dense 512 + ReLU + dropout; dense 512 + ReLU + dropout; here one sigmoid output per label
 * instead of a softmax.
 *
 * <p>Adapted to the input size: the paper ran 227×227 crops with a stride-4 first convolution, leaving a
 * 7×7 map for the dense layers. CelebA here is 64×64 or 128×128, so all convolutions and poolings use
 * "same" padding (output = ceil(input / stride), valid for any size) and the first stride is the largest of
 * 4, 2, 1 that still leaves at least a 4×4 map after the three poolings: 4 at 128×128 (32→16→8→4), 2 at
 * 64×64 (32→16→8→4). A stride of 4 at 64×64 would leave 2×2, too coarse for the dense layers to see
 * where in the face a feature is.
 *
 * <p>With {@link ModelSpec#batchNorm()} BatchNorm (before the ReLU) replaces LRN, which it superseded; without
 * it the network is the paper's. {@link ModelSpec#dropout()} is the paper's 0.5 when following it.
 */
final class LeviHassnerNetwork {
    private static final int MIN_FINAL_MAP = 4;
    private static final int POOLINGS = 3;

    private LeviHassnerNetwork() {
    }

    /** First-convolution stride for an input whose shorter side is {@code minSide}. */
    static int firstStride(int minSide) {
        for (int stride = 4; stride > 1; stride /= 2) {
            if (ceilDiv(minSide, stride << POOLINGS) >= MIN_FINAL_MAP) {
                return stride;
            }
        }
        return 1;
    }

    static NeuralNetConfiguration.ListBuilder addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
        int stride = firstStride(Math.min(spec.height(), spec.width()));
        convBlock(layers, spec, 96, 7, stride, true);
        convBlock(layers, spec, 256, 5, 1, true);
        convBlock(layers, spec, 384, 3, 1, false);
        layers.layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build());
        // DL4J applies a layer's dropout to that layer's input: this is the dropout after the first dense.
        DenseLayer.Builder second = new DenseLayer.Builder().nOut(512).activation(Activation.RELU);
        if (spec.dropout() > 0) {
            second.dropOut(new Dropout(1 - spec.dropout()));
        }
        layers.layer(second.build());
        return layers.layer(NetworkFactory.sigmoidOutput(spec));
    }

    private static void convBlock(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec, int filters,
                                  int kernel, int stride, boolean lrn) {
        NetworkFactory.addConvolution(layers, spec, filters, kernel, stride);
        layers.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same).build());
        if (lrn && !spec.batchNorm()) {
            // The paper's Caffe model: local_size 5, alpha 1e-4, beta 0.75, and Caffe's default k = 1 (DL4J's is 2).
            layers.layer(new LocalResponseNormalization.Builder().n(5).alpha(1e-4).beta(0.75).k(1).build());
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
