package io.celebaspark.train;

/** A NaN or infinite loss stopped the run: its numbers would mean nothing from here on. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
