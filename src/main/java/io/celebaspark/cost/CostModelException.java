package io.celebaspark.cost;

/**
 * The observed rounds cannot give the cost model's coefficients (too few distinct worker counts or batches, or
 * none at all); the message names the coefficient and what to do: give it, or add runs that separate it.
 */
public final class CostModelException extends IllegalArgumentException {
    public CostModelException(String message) {
        super(message);
    }
}
