package io.celebaspark.spark;

import org.apache.spark.SparkConf;

import java.util.Map;

/**
 * Spark's authentication ({@code spark.authenticate}) with the shared secret taken from the environment
 * variable {@value #ENV}, so that it appears on no command line ({@code ps} shows those to every user) and in
 * no file the project writes.
 *
 * <p>Why the application sets it, read from Spark 3.5.9's {@code SecurityManager} and not assumed: on a
 * standalone master the driver refuses to start unless its {@code SparkConf} contains
 * {@code spark.authenticate.secret} (an environment variable or a secret file is not enough there;
 * {@code spark.authenticate.secret.file} is honoured only on Kubernetes). So the driver copies {@value #ENV}
 * into its own configuration here, in memory. Executors of a standalone cluster get the secret from their
 * worker (which passes its own in the executor's environment, never on its command line), so the master and
 * the workers must run with the same secret: {@code submit/local-cluster.sh} starts them with it when
 * {@value #ENV} is set. On YARN Spark generates a secret per application itself, so {@value #ENV} is not
 * needed there; on Kubernetes, mount a secret file (docs/cluster.md).
 */
public final class ClusterSecret {
    /** The environment variable holding the cluster's shared secret. */
    public static final String ENV = "CELEBA_SPARK_SECRET";
    public static final String AUTHENTICATE = "spark.authenticate";
    public static final String SECRET = "spark.authenticate.secret";

    private ClusterSecret() {
    }

    /**
     * With a non-blank {@value #ENV} in {@code env}: turns authentication on (unless the launcher turned it
     * off explicitly) and sets the secret unless the launcher set one.
     */
    public static SparkConf withSecretFrom(Map<String, String> env, SparkConf conf) {
        String secret = env.getOrDefault(ENV, "");
        if (!secret.isBlank()) {
            conf.setIfMissing(AUTHENTICATE, "true");
            conf.setIfMissing(SECRET, secret);
        }
        return conf;
    }
}
