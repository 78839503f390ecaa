package io.celebaspark.cost;

import java.util.Locale;

/**
 * The time of one averaging round (averaging frequency 1, every task on a core of its own) as a function of
 * the workers W and the batch per worker b: {@code t_r(W, b) = c0 + c1·b + c2·W}. c0 is the fixed cost of a
 * round (a Spark job, the broadcast of parameters and optimiser state, the driver's average), c1 the compute
 * per example on one core, c2 what each further worker adds (its result shipped to and merged by the driver,
 * its broadcast fetch). Scale-up pays c1 for a larger b, scale-out pays c2 for a larger W: the model is what
 * sets the two realisations of a batch growth apart (docs/scale-out.md).
 *
 * @param c0 seconds per round
 * @param c1 seconds per example per worker
 * @param c2 seconds per worker
 */
public record RoundTimeModel(double c0, double c1, double c2) {
    public RoundTimeModel {
        requireCoefficient("c0", c0);
        requireCoefficient("c1", c1);
        requireCoefficient("c2", c2);
    }

    /** Seconds of one round of {@code workers} tasks of {@code batchPerWorker} examples each. */
    public double seconds(double workers, double batchPerWorker) {
        return c0 + c1 * batchPerWorker + c2 * workers;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "t_r(W, b) = %.3g s + %.3g s × b + %.3g s × W", c0, c1, c2);
    }

    static void requireCoefficient(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("the round-time coefficient " + name + " must be a finite number of"
                    + " seconds >= 0, got " + value);
        }
    }
}
