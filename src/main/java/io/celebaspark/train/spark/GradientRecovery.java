package io.celebaspark.train.spark;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.NesterovsUpdater;
import org.nd4j.linalg.learning.NoOpUpdater;
import org.nd4j.linalg.learning.SgdUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gradient one optimiser step applied, recovered exactly from the optimiser's state before and after the
 * step (DL4J 1.0.0-M2's updaters, pinned against {@code computeGradientAndScore} by
 * {@code GradientRecoveryTest}):
 * <ul>
 *   <li>{@code Sgd}: θ' = θ − lr·g, so g = (θ − θ')/lr;</li>
 *   <li>{@code Nesterovs}: v' = μ·v − lr·g, so g = (μ·v − v')/lr;</li>
 *   <li>{@code Adam}: m' = β1·m + (1 − β1)·g (DL4J stores m without bias correction), so
 *   g = (m' − β1·m)/(1 − β1). Never from Adam's parameter change, which is not linear in g.</li>
 * </ul>
 * The same formulas give the mean gradient of a parameter-averaging round from the driver's state before and
 * after it, because the averaged state is the mean of the workers' states, which is linear in their gradients
 * (for Nesterov and Adam only when the updater state is averaged too).
 *
 * <p>The gradient is what the updater received: the loss gradient divided by the minibatch (DL4J's loss
 * gradients are sums over the batch, and {@code BaseMultiLayerUpdater} divides them), i.e. the mean of the
 * per-example gradients the estimators assume, plus L2's term (applied before the updater), which is the same
 * on every worker and belongs to |G|². Blocks whose updater is {@code NoOp}
 * (BatchNorm's running mean and variance, which are statistics, not gradients) are left out. For Adam the
 * preconditioner p = √(v/(1 − β2^t)) + ε is taken from the state before the step (common to all workers of a
 * round), with ones for the first {@value #PRECONDITIONER_WARMUP} steps as AdaptDL does, where v is still
 * mostly its zero initialisation.
 */
final class GradientRecovery {
    static final int PRECONDITIONER_WARMUP = 5;

    private GradientRecovery() {
    }

    /** Why the network's steps cannot be recovered (an updater this class does not know), or empty. */
    static Optional<String> unsupported(MultiLayerNetwork net) {
        for (UpdaterBlock block : trainableBlocks(net)) {
            GradientUpdater<?> u = block.getGradientUpdater();
            if (!(u instanceof SgdUpdater || u instanceof NesterovsUpdater || u instanceof AdamUpdater)) {
                return Optional.of("the gradient cannot be recovered from a " + u.getClass().getSimpleName()
                        + " step (Sgd, Nesterovs and Adam only)");
            }
        }
        return Optional.empty();
    }

    /** The optimiser's state just before a step, for {@link Before#recover}. */
    static Before before(MultiLayerNetwork net) {
        int iteration = net.getLayerWiseConfigurations().getIterationCount();
        int epoch = net.getLayerWiseConfigurations().getEpochCount();
        List<BlockBefore> blocks = new ArrayList<>();
        for (UpdaterBlock block : trainableBlocks(net)) {
            GradientUpdater<?> u = block.getGradientUpdater();
            if (u instanceof SgdUpdater sgd) {
                blocks.add(new BlockBefore(asDouble(params(net, block)), 1,
                        sgd.getConfig().getLearningRate(iteration, epoch), null));
            } else if (u instanceof NesterovsUpdater nesterovs) {
                blocks.add(new BlockBefore(asDouble(nesterovs.getV()),
                        nesterovs.getConfig().currentMomentum(iteration, epoch),
                        nesterovs.getConfig().getLearningRate(iteration, epoch), null));
            } else if (u instanceof AdamUpdater adam) {
                Adam config = adam.getConfig();
                blocks.add(new BlockBefore(asDouble(adam.getM()), config.getBeta1(), config.getBeta1() - 1,
                        preconditioner(adam, iteration)));
            } else {
                throw new IllegalArgumentException(unsupported(net).orElseThrow());
            }
        }
        return new Before(blocks);
    }

    /** The trainable blocks' slices of a flat vector laid out as the network's parameters (e.g. its gradient). */
    static List<INDArray> trainableSlices(MultiLayerNetwork net, INDArray flat) {
        INDArray vector = flat.reshape(flat.length());
        List<INDArray> slices = new ArrayList<>();
        for (UpdaterBlock block : trainableBlocks(net)) {
            slices.add(vector.get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd())));
        }
        return slices;
    }

    /** A step's gradient, per trainable block, and its squared norms. */
    record Step(List<INDArray> gradient, double squaredNorm, double preconditionedSquaredNorm) {
    }

    /** The state before one step; recovers the step's gradient from the state after it. */
    static final class Before {
        private final List<BlockBefore> blocks;

        private Before(List<BlockBefore> blocks) {
            this.blocks = blocks;
        }

        /**
         * The gradient of the step that led from this state to {@code after}'s (the same network after the
         * step, or a network of the same configuration holding the averaged state).
         */
        Step recover(MultiLayerNetwork after) {
            List<UpdaterBlock> now = trainableBlocks(after);
            if (now.size() != blocks.size()) {
                throw new IllegalArgumentException("the network after the step has " + now.size()
                        + " trainable updater blocks, before it had " + blocks.size());
            }
            List<INDArray> gradient = new ArrayList<>();
            double squares = 0;
            double preconditioned = 0;
            boolean hasPreconditioner = false;
            for (int i = 0; i < blocks.size(); i++) {
                BlockBefore before = blocks.get(i);
                INDArray g = before.gradient(stateAfter(after, now.get(i)));
                gradient.add(g);
                double norm = g.norm2Number().doubleValue();
                squares += norm * norm;
                if (before.preconditioner() != null) {
                    hasPreconditioner = true;
                    double pre = g.div(before.preconditioner()).norm2Number().doubleValue();
                    preconditioned += pre * pre;
                }
            }
            return new Step(gradient, squares, hasPreconditioner ? preconditioned : Double.NaN);
        }
    }

    /**
     * One block's state before the step and the linear map back to its gradient, g = (scale·before − after)/divisor:
     * Sgd (1, lr), Nesterovs (μ, lr) and Adam (β1, β1 − 1).
     */
    private record BlockBefore(INDArray state, double scale, double divisor, INDArray preconditioner) {
        INDArray gradient(INDArray after) {
            return state.mul(scale).subi(asDouble(after)).divi(divisor);
        }
    }

    private static INDArray stateAfter(MultiLayerNetwork net, UpdaterBlock block) {
        GradientUpdater<?> u = block.getGradientUpdater();
        if (u instanceof SgdUpdater) {
            return params(net, block);
        }
        if (u instanceof NesterovsUpdater nesterovs) {
            return nesterovs.getV();
        }
        if (u instanceof AdamUpdater adam) {
            return adam.getM();
        }
        throw new IllegalArgumentException(unsupported(net).orElseThrow());
    }

    private static INDArray preconditioner(AdamUpdater adam, int steps) {
        INDArray v = asDouble(adam.getV());
        if (steps < PRECONDITIONER_WARMUP) {
            return Nd4j.ones(DataType.DOUBLE, v.length());
        }
        Adam config = adam.getConfig();
        double correction = 1 - Math.pow(config.getBeta2(), steps);
        return Transforms.sqrt(v.divi(correction), false).addi(config.getEpsilon());
    }

    private static INDArray params(MultiLayerNetwork net, UpdaterBlock block) {
        INDArray flat = net.params();
        return flat.reshape(flat.length())
                .get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd()));
    }

    /** A flat double copy: the recovery subtracts nearly equal numbers, and the copy must not alias live state. */
    private static INDArray asDouble(INDArray array) {
        INDArray flat = array.reshape(array.length());
        return flat.dataType() == DataType.DOUBLE ? flat.dup() : flat.castTo(DataType.DOUBLE);
    }

    private static List<UpdaterBlock> trainableBlocks(MultiLayerNetwork net) {
        Updater updater = net.getUpdater();
        if (!(updater instanceof BaseMultiLayerUpdater<?> multi)) {
            throw new IllegalArgumentException("the network has no layer-wise updater (" + updater + ")");
        }
        List<UpdaterBlock> trainable = new ArrayList<>();
        for (UpdaterBlock block : multi.getUpdaterBlocks()) {
            if (!(block.getGradientUpdater() instanceof NoOpUpdater)) {
                trainable.add(block);
            }
        }
        return trainable;
    }
}
