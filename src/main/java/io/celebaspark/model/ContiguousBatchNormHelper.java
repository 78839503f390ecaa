package io.celebaspark.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Map;

/**
 * BatchNorm over channels-last activations with every per-channel reduction done as one contiguous GEMV.
 *
 * <p>Why: an NHWC activation {@code [N, H, W, C]} in row-major order is, without copying, the matrix
 * {@code [N·H·W, C]} whose columns are the channels, so a channel's sum is a column sum, {@code ones · X}: one
 * vectorised pass over memory in order. DL4J M2's oneDNN helper instead computes the batch mean and variance
 * with ND4J's reductions over three of four axes (strided TAD loops), and its {@code batchnorm_bp} adds about ten
 * generic passes around oneDNN's kernel (docs/speed-levers.md). Measured side by side ({@code
 * BatchNormReductionSpeed}, 32×64×64×32 floats), the GEMV was the fastest of TAD, {@code sum(0)} and GEMV.
 *
 * <p>Contract (DL4J's, kept so the layer updates its running statistics as with its own helpers): in training
 * {@link #getMeanCache}/{@link #getVarCache} hold the last batch's mean and <em>biased</em> variance (divided by
 * N·H·W, without epsilon); the backward pass reads them, writes gamma's and beta's gradients into the views it is
 * given and returns the input gradient in the {@code ACTIVATION_GRAD} workspace. Anything but rank-4 NHWC input
 * returns {@code null}, which makes the layer use its built-in code. Pure ND4J, no oneDNN: the formulas are those
 * of the BatchNorm paper, {@code y = γ·x̂ + β} with {@code x̂ = (x − μ)/√(σ² + ε)} and
 * {@code dx = γ/√(σ² + ε) · (dy − mean(dy) − x̂ · mean(dy · x̂))}.
 *
 * <p>With the ReLU fused ({@link ContiguousBatchNormalization#isReluFused()}), the layer computes
 * {@code max(0, y)}: the forward pass applies the ReLU in place on the output array it has just made (DL4J's
 * {@code ActivationLayer} would copy it first), and the backward pass first masks the incoming gradient with the
 * forward output ({@code dy = ε} where the output is positive, else 0; positive after the ReLU exactly where it was
 * before). The mask is read from that output itself, which DL4J keeps anyway as the next layer's input until the
 * backward pass of the same step is done (in the {@code ACTIVATIONS} workspace, the same array the separate ReLU
 * layer would read as its input): no extra memory in the forward pass, one activation-sized working array in the
 * backward pass. Fused, the layer has no correct fallback (DL4J's built-in code knows nothing of the ReLU), so
 * input this helper cannot compute is an error instead of a {@code null}.
 */
final class ContiguousBatchNormHelper implements BatchNormalizationHelper {
    private final boolean reluFused;
    private INDArray meanCache;
    private INDArray varCache;
    /** A row of ones as long as the batch's N·H·W, reused while that stays the same. */
    private INDArray ones;
    /** Fused: the last training forward pass's output (after the ReLU), whose positive entries pass the gradient. */
    private INDArray activated;

    /** @param reluFused whether the ReLU after BatchNorm runs here, in place on the output */
    ContiguousBatchNormHelper(boolean reluFused) {
        this.reluFused = reluFused;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!channelsLast(x, format)) {
            return unsupported(x, format);
        }
        INDArray x2 = rows(x);
        INDArray batchMean;
        INDArray batchVar;
        if (training) {
            keepStatistics(x2);
            columnMeans(x2, meanCache);
            INDArray centred = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, x.dataType(), x2.shape());
            Nd4j.exec(new BroadcastSubOp(x2, meanCache, centred, 1));
            columnMeans(centred.muli(centred), varCache);
            batchMean = meanCache;
            batchVar = varCache;
        } else {
            batchMean = mean;
            batchVar = var;
        }
        INDArray scale = invStd(batchVar, eps).muli(vector(gamma));
        INDArray shift = vector(beta).sub(vector(batchMean).mul(scale));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        INDArray out2 = rows(out);
        Nd4j.exec(new BroadcastMulOp(x2, scale, out2, 1));
        out2.addiRowVector(shift);
        if (reluFused) {
            Nd4j.exec(new RectifiedLinear(out, out));
            activated = training ? out : null;
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        if (!channelsLast(input, format)) {
            return unsupported(input, format);
        }
        if (meanCache == null || meanCache.length() != input.size(3)) {
            if (reluFused) {
                throw new IllegalStateException("BatchNorm with the ReLU fused: backward pass without a training"
                        + " forward pass on " + input.size(3) + " channels before it");
            }
            return null;
        }
        INDArray x2 = rows(input);
        INDArray dy2 = rows(reluFused ? reluGradient(epsilon, workspaceMgr) : epsilon);
        long m = x2.rows();
        INDArray invStd = invStd(varCache, eps);
        INDArray dBeta = columnMeans(dy2, Nd4j.createUninitialized(input.dataType(), input.size(3))).muli(m);

        INDArray xHat = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), x2.shape());
        Nd4j.exec(new BroadcastSubOp(x2, meanCache, xHat, 1));
        xHat.muliRowVector(invStd);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(),
                'c');
        INDArray dx2 = rows(dx);
        INDArray dGamma = columnMeans(dx2.assign(dy2).muli(xHat),
                Nd4j.createUninitialized(input.dataType(), input.size(3))).muli(m);

        // dx = k·dy − x̂·(k·dγ/M) − k·dβ/M, with k = γ/√(σ² + ε)
        INDArray k = invStd.muli(vector(gamma));
        Nd4j.exec(new BroadcastMulOp(dy2, k, dx2, 1));
        dx2.addi(xHat.muliRowVector(k.mul(dGamma).divi(-m)));
        dx2.addiRowVector(k.mul(dBeta).divi(-m));

        dGammaView.assign(dGamma.reshape(dGammaView.shape()));
        dBetaView.assign(dBeta.reshape(dBetaView.shape()));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        long bytes = ones == null ? 0 : ones.length() * ones.dataType().width();
        return Map.of("onesRow", bytes);
    }

    /**
     * The gradient with respect to the BatchNorm output before the ReLU: {@code epsilon} where the forward
     * pass's output is positive, else 0, in a working array ({@code epsilon} belongs to the layer after this one).
     */
    private INDArray reluGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (activated == null || !Arrays.equals(activated.shape(), epsilon.shape())) {
            throw new IllegalStateException("BatchNorm with the ReLU fused: backward pass for a gradient of shape "
                    + Arrays.toString(epsilon.shape()) + " without a training forward pass of that shape"
                    + " before it");
        }
        INDArray dy = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, epsilon.dataType(),
                epsilon.shape(), 'c');
        Nd4j.exec(new RectifiedLinearDerivative(activated, epsilon, dy, 0.0));
        return dy;
    }

    /** {@code null} (DL4J's built-in code takes over) unless the ReLU is fused, which that code cannot compute. */
    private <T> T unsupported(INDArray x, CNN2DFormat format) {
        if (reluFused) {
            throw new IllegalStateException("BatchNorm with the ReLU fused computes rank-4 NHWC activations only, got"
                    + " rank " + x.rank() + " in " + format + ": build this network with train.fused-relu = false");
        }
        return null;
    }

    private static boolean channelsLast(INDArray x, CNN2DFormat format) {
        return format == CNN2DFormat.NHWC && x.rank() == 4;
    }

    /** The free {@code [N·H·W, C]} view of an NHWC array (a row-major copy first if it is laid out otherwise). */
    private static INDArray rows(INDArray nhwc) {
        INDArray c = nhwc.ordering() == 'c' && nhwc.elementWiseStride() == 1 ? nhwc : nhwc.dup('c');
        return c.reshape('c', c.length() / c.size(3), c.size(3));
    }

    /** Writes the column means of {@code x2} into {@code out} ({@code [C]}) with one GEMV; returns {@code out}. */
    private INDArray columnMeans(INDArray x2, INDArray out) {
        long m = x2.rows();
        if (ones == null || ones.length() != m || ones.dataType() != x2.dataType()) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(x2.dataType(), 1, m);
            }
        }
        Nd4j.gemm(ones, x2, out.reshape(1, x2.columns()), false, false, 1.0 / m, 0.0);
        return out;
    }

    /** Allocates the mean and variance caches outside any workspace (the layer reads them after the step). */
    private void keepStatistics(INDArray x2) {
        if (meanCache == null || meanCache.length() != x2.columns() || meanCache.dataType() != x2.dataType()) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(x2.dataType(), x2.columns());
                varCache = Nd4j.createUninitialized(x2.dataType(), x2.columns());
            }
        }
    }

    private static INDArray invStd(INDArray var, double eps) {
        return Transforms.pow(vector(var).add(eps), -0.5, false);
    }

    private static INDArray vector(INDArray perChannel) {
        return perChannel.reshape(perChannel.length());
    }
}
