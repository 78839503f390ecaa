package io.celebaspark.report;

/**
 * Which split the compared accuracy comes from. The final model's test accuracy when every finished run has
 * it; otherwise the final epoch's validation accuracy for all of them (never a mix: the two splits are
 * different data), and the report says which it used. Data without a test split (the real-CelebA sample)
 * gives validation.
 */
public enum MetricSource {
    TEST("test", "the final model's accuracy on the test split"),
    VAL("val", "the final epoch's accuracy on the validation split");

    private final String split;
    private final String description;

    MetricSource(String split, String description) {
        this.split = split;
        this.description = description;
    }

    /** The {@code label_metrics} split name. */
    public String split() {
        return split;
    }

    public String description() {
        return description;
    }
}
