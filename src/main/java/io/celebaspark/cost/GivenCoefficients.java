package io.celebaspark.cost;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Round-time coefficients the user gives instead of fitting them ({@link RoundTimeFit}): a coefficient the
 * observed points cannot separate (c2 when every run had the same workers), or one measured elsewhere (c0 on an
 * idle cluster with {@code bench-round}). Empty ones are fitted.
 *
 * @param c0 seconds per round, or empty to fit it
 * @param c1 seconds per example per worker, or empty to fit it
 * @param c2 seconds per worker, or empty to fit it
 */
public record GivenCoefficients(OptionalDouble c0, OptionalDouble c1, OptionalDouble c2) {
    public GivenCoefficients {
        Objects.requireNonNull(c0, "c0");
        Objects.requireNonNull(c1, "c1");
        Objects.requireNonNull(c2, "c2");
        c0.ifPresent(v -> RoundTimeModel.requireCoefficient("c0", v));
        c1.ifPresent(v -> RoundTimeModel.requireCoefficient("c1", v));
        c2.ifPresent(v -> RoundTimeModel.requireCoefficient("c2", v));
    }

    /** Nothing given: all three are fitted. */
    public static GivenCoefficients none() {
        return new GivenCoefficients(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** The given ones, in the order c0, c1, c2. */
    OptionalDouble[] asArray() {
        return new OptionalDouble[]{c0, c1, c2};
    }
}
