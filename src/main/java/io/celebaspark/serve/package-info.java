/**
 * The predict web page and its JSON API ({@code submit/serve.sh}): the JDK's built-in HTTP server in the
 * driver JVM, no Spark. Photos are handled in memory and never written to disk; the only files are the page's
 * own resources in the jar.
 *
 * <p>Depends on {@code predict} (the model, the JSON of a prediction), {@code face} (finding and aligning
 * faces) and {@code config}; nothing depends on it but the CLI.
 */
package io.celebaspark.serve;
