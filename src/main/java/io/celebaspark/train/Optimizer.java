package io.celebaspark.train;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The two optimisers the study compares ({@code train.optimizer}). Both are first-class because the
 * original study suspected Adam's own step-size adaptation of confounding "grow the batch" with "decay the
 * learning rate"; SGD with Nesterov momentum has no such adaptation.
 */
public enum Optimizer {
    /** Adam with PyTorch's defaults (beta1 0.9, beta2 0.999, epsilon 1e-8). */
    ADAM,
    /** SGD with Nesterov momentum ({@code train.momentum}). */
    SGD_MOMENTUM;

    /** A DL4J updater at this learning rate. */
    public IUpdater updater(double learningRate, double momentum) {
        return switch (this) {
            case ADAM -> new Adam(learningRate, 0.9, 0.999, 1e-8);
            case SGD_MOMENTUM -> new Nesterovs(learningRate, momentum);
        };
    }
}
