package io.celebaspark.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's practical ceiling for this work: the rate of one large 1×1 convolution (a plain GEMM of
 * {@code batch·side² × channels} by {@code channels × channels}) through ND4J's {@code conv2d} op, which the
 * oneDNN build of nd4j-native runs with oneDNN. Every convolution of the network is a GEMM of this kind
 * (3×3 ones with a 9× longer inner dimension), so a network's training rate in GFLOP/s over this figure says
 * how much of the machine it uses. Measured in both layouts, since oneDNN prefers channels-last (or its own
 * blocked formats) and reorders NCHW tensors first. The rate includes ND4J's reorders to and from oneDNN's
 * blocked layout (a quarter or so of each call, by {@code DNNL_VERBOSE=1}): the ceiling of what ND4J delivers,
 * which is what the network's layers get, not of the bare kernel.
 *
 * @param batch    examples per call
 * @param channels input and output channels
 * @param side     height and width
 * @param nhwc     channels-last layout instead of DL4J's default NCHW
 */
public record ConvolutionCeiling(int batch, int channels, int side, boolean nhwc) {

    /** 4.3 GFLOP per call: large enough for the GEMM to run at full speed, small enough to repeat often. */
    public static ConvolutionCeiling standard(boolean nhwc) {
        return new ConvolutionCeiling(32, 256, 32, nhwc);
    }

    public double flopsPerCall() {
        return 2.0 * batch * side * side * channels * channels;
    }

    /** GFLOP/s over {@code calls} calls, after one untimed call (oneDNN creates its primitive on the first). */
    public double gflops(int calls) {
        long[] shape = nhwc ? new long[]{batch, side, side, channels} : new long[]{batch, channels, side, side};
        INDArray input = Nd4j.rand(DataType.FLOAT, shape);
        INDArray weights = Nd4j.rand(DataType.FLOAT, 1, 1, channels, channels); // [kH, kW, in, out]
        INDArray output = Nd4j.create(DataType.FLOAT, shape);
        DynamicCustomOp conv = DynamicCustomOp.builder("conv2d")
                .addInputs(input, weights)
                .addOutputs(output)
                // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC, weights format [kH, kW, in, out]
                .addIntegerArguments(1, 1, 1, 1, 0, 0, 1, 1, 0, nhwc ? 1 : 0, 0)
                .build();
        Nd4j.exec(conv);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            Nd4j.exec(conv);
        }
        return flopsPerCall() * calls / ((System.nanoTime() - start) / 1e9) / 1e9;
    }

    public String describe() {
        return String.format("1x1 convolution %d->%d on %dx%dx%d (%s)", channels, channels, batch, side, side,
                nhwc ? "NHWC" : "NCHW");
    }
}
