package io.celebaspark.model;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;

/**
 * The one place that turns DL4J's oneDNN layer helpers on. DL4J 1.0.0-M2 builds a layer's helper when the
 * layer is created ({@code HelperUtils.createHelper}) and only if the system property
 * {@value #HELPERS_DISABLE} is {@code false}; its default is {@code true}, which leaves convolutions to
 * im2col + OpenBLAS (about 4x slower here). The helpers also need the oneDNN build of nd4j-native (pom.xml)
 * and the {@link org.nd4j.nativeblas.Nd4jCpu} bridge.
 *
 * <p>Set in every JVM that builds networks: here, from {@link NetworkFactory} and {@link ModelBundle} (the
 * driver, local-mode executors, tests, benchmarks, predict) and from {@code SparkSessions.create}, which
 * also puts {@link #EXECUTOR_JAVA_OPTION} on the executors' command line, because DL4J's Spark workers
 * rebuild the network from its configuration without touching project code first. An explicit
 * {@code -D}{@value #HELPERS_DISABLE}{@code =true} is kept, so the helpers can still be switched off.
 */
public final class Dl4jRuntime {
    /** DL4J's switch; {@code true} (its default) disables all layer helpers. */
    public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    /** The JVM option that turns the helpers on, for JVMs this code does not start (Spark executors). */
    public static final String EXECUTOR_JAVA_OPTION = "-D" + HELPERS_DISABLE + "=false";

    static {
        if (System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
    }

    private Dl4jRuntime() {
    }

    /** Turns the helpers on for networks built from now on in this JVM (idempotent; the work is done once). */
    public static void enableHelpers() {
        // Loading the class runs the static initialiser.
    }

    /**
     * Whether networks built from now on in this JVM get oneDNN's layer helpers: the flag is on and ND4J
     * runs oneDNN (DL4J's own check, answered through the {@link org.nd4j.nativeblas.Nd4jCpu} bridge).
     */
    public static boolean oneDnnHelpers() {
        return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE)) && BaseMKLDNNHelper.mklDnnEnabled();
    }
}
