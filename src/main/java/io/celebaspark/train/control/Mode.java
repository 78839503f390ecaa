package io.celebaspark.train.control;

/**
 * Which direction of the monitored metric is better. A loss improves downwards, an accuracy upwards; the
 * detector compares through this one place so the min_delta rule is the same in both directions.
 */
public enum Mode {
    MIN {
        @Override
        public boolean improves(double value, double best, double minDelta) {
            return value < best - minDelta;
        }

        @Override
        double worst() {
            return Double.POSITIVE_INFINITY;
        }
    },
    MAX {
        @Override
        public boolean improves(double value, double best, double minDelta) {
            return value > best + minDelta;
        }

        @Override
        double worst() {
            return Double.NEGATIVE_INFINITY;
        }
    };

    /**
     * True when {@code value} beats {@code best} by strictly more than {@code minDelta}: a change of
     * exactly min_delta is not an improvement (as in Keras and PyTorch's ReduceLROnPlateau, threshold
     * mode "abs").
     */
    public abstract boolean improves(double value, double best, double minDelta);

    /** The best value before any observation: every finite value improves on it. */
    abstract double worst();
}
