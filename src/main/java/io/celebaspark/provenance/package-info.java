/**
 * The code version every output records ({@link io.celebaspark.provenance.BuildInfo}: project version and git
 * commit, {@code -dirty} for uncommitted changes).
 *
 * <p>Depends on the JDK only.
 */
package io.celebaspark.provenance;
