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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
 */
final class ContiguousBatchNormHelper implements BatchNormalizationHelper {
    private INDArray meanCache;
    private INDArray varCache;
    /** A row of ones as long as the batch's N·H·W, reused while that stays the same. */
    private INDArray ones;

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
            return null;
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
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        if (!channelsLast(input, format) || meanCache == null || meanCache.length() != input.size(3)) {
            return null;
        }
        INDArray x2 = rows(input);
        INDArray dy2 = rows(epsilon);
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
