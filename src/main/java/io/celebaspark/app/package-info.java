/**
 * The validated settings of one command invocation ({@link io.celebaspark.app.AppConfig}): every section's
 * settings record, assembled once at start from the configuration layers.
 *
 * <p>Why its own package: it gathers the pure {@code config} sections and {@code train}'s settings, so it sits
 * above both; {@code config} stays free of {@code train} and the two have no cycle. May depend on
 * {@code config}, {@code train} (its settings record only) and typesafe-config. Used by {@code cli},
 * {@code experiment} and {@code bench}; never by the jobs themselves, which take the sections they need.
 */
package io.celebaspark.app;
