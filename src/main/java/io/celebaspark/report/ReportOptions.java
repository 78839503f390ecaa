package io.celebaspark.report;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the report compares and how: the hypothesis test sets the treatment arm (default
 * {@value #DEFAULT_TREATMENT}) against the control arm (default {@value #DEFAULT_CONTROL}) at the 5% level,
 * equivalence within ±{@code margin} (accuracy as a fraction: 0.01 is one point), and "updates and wall time
 * to reach" a target validation accuracy that is derived from the data unless given.
 *
 * @param treatment the arm suspected to be worse (H1: treatment &lt; control)
 * @param control   the arm it is compared with
 * @param margin    equivalence margin, a fraction in (0, 1)
 * @param target    target mean validation accuracy, a fraction in (0, 1], or empty to derive it
 */
public record ReportOptions(String treatment, String control, double margin, OptionalDouble target) {
    public static final String DEFAULT_TREATMENT = "batch-growth";
    public static final String DEFAULT_CONTROL = "lr-decay";
    public static final double DEFAULT_MARGIN = 0.01;
    /** The significance level of every test in the report. */
    public static final double LEVEL = 0.05;

    public ReportOptions {
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(target, "target");
        if (treatment.isBlank() || control.isBlank() || treatment.equals(control)) {
            throw new IllegalArgumentException("treatment and control must be two different arms, got '" + treatment
                    + "' and '" + control + "'");
        }
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("the equivalence margin is a fraction of accuracy in (0, 1) (0.01 = one"
                    + " point), got " + margin);
        }
        if (target.isPresent() && !(target.getAsDouble() > 0 && target.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("the target validation accuracy is a fraction in (0, 1], got "
                    + target.getAsDouble());
        }
    }

    public static ReportOptions defaults() {
        return new ReportOptions(DEFAULT_TREATMENT, DEFAULT_CONTROL, DEFAULT_MARGIN, OptionalDouble.empty());
    }
}
