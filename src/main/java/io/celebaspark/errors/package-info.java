/**
 * What a failure says to a person: {@link io.celebaspark.errors.FailureReason}, the one-line reason printed as
 * the last line on stderr and recorded as a failed run's {@code failure_reason}.
 *
 * <p>Pure: depends on nothing but the JDK.
 */
package io.celebaspark.errors;
