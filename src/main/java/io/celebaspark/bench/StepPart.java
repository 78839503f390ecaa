package io.celebaspark.bench;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts a training step's time is split into by {@code bench-speed}'s breakdown, the same for DL4J and
 * PyTorch so the two stand side by side. {@link #OTHER} is never measured directly: it is the step's wall time
 * minus the other parts (dense layer, loss, dropout, global pooling, the updater, copies, framework glue).
 */
public enum StepPart {
    CONVOLUTION_FORWARD("convolution forward", "^aten::(conv2d|convolution|_convolution|mkldnn_convolution)$"),
    CONVOLUTION_BACKWARD("convolution backward", "(?i)convolution_?backward|slow_conv2d_backward"),
    BATCHNORM_FORWARD("BatchNorm forward", "^aten::(batch_norm|_batch_norm_impl_index|native_batch_norm)$"),
    BATCHNORM_BACKWARD("BatchNorm backward", "(?i)batch_?norm_?backward"),
    POOLING("max pooling, forward + backward", "(?i)max_?pool"),
    RELU("ReLU, forward + backward", "(?i)relu|threshold_backward"),
    OTHER("everything else (dense, loss, updater, copies)", null);

    /** The parts measured directly, in table order: every part but {@link #OTHER}. */
    public static final List<StepPart> MEASURED = List.of(CONVOLUTION_FORWARD, CONVOLUTION_BACKWARD,
            BATCHNORM_FORWARD, BATCHNORM_BACKWARD, POOLING, RELU);

    private final String label;
    private final Pattern torchOperation;

    StepPart(String label, String torchOperation) {
        this.label = label;
        this.torchOperation = torchOperation == null ? null : Pattern.compile(torchOperation);
    }

    /** The table's row name. */
    public String label() {
        return label;
    }

    /**
     * The part a top-level PyTorch profiler event belongs to, by its name: forward operations are named after the
     * aten op ({@code aten::conv2d}, {@code aten::batch_norm}, {@code aten::max_pool2d}, {@code aten::relu}),
     * backward ones after the autograd node that runs it ({@code autograd::engine::evaluate_function:
     * ConvolutionBackward0}, {@code ...NativeBatchNormBackward0}, {@code ...MaxPool2DWithIndicesBackward0},
     * {@code ...ReluBackward0}); anything else ({@code aten::linear}, the loss, {@code Optimizer.step#Adam.step})
     * is {@link #OTHER}.
     */
    public static StepPart ofTorchOperation(String name) {
        for (StepPart part : MEASURED) {
            if (part.torchOperation.matcher(name).find()) {
                return part;
            }
        }
        return OTHER;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
