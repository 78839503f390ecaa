package io.celebaspark.submit;

import io.celebaspark.config.Redaction;
import org.apache.spark.internal.config.ConfigEntry$;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-target spark-submit properties files in {@code conf/}: they parse, name the right master, hold no
 * secret, and every {@code spark.*} key is one Spark knows, so a misspelled key (which spark-submit would
 * pass on without a word) fails here. Core keys are checked against Spark's own registry of config
 * constants (the jars on the test classpath); YARN's and Kubernetes' modules are not on it, so their keys
 * are checked against the ones Spark 3.5's "Running on YARN" and "Running on Kubernetes" pages document.
 */
class ClusterPropertiesTest {
    private static final Path CONF = Path.of(System.getProperty("celeba.project.dir", ".")).resolve("conf");
    /** Spark's objects that declare config constants; a constant is registered when its object loads. */
    private static final List<String> SPARK_CONFIG_OBJECTS = List.of("org.apache.spark.internal.config.package$",
            "org.apache.spark.internal.config.Network$", "org.apache.spark.internal.config.Deploy$",
            "org.apache.spark.internal.config.Worker$", "org.apache.spark.internal.config.UI$",
            "org.apache.spark.internal.config.Kryo$", "org.apache.spark.sql.internal.SQLConf$");
    /** The YARN and Kubernetes keys the files use, as Spark 3.5's cluster-manager pages document them. */
    private static final Set<String> DOCUMENTED_MANAGER_KEYS = Set.of("spark.yarn.maxAppAttempts",
            "spark.kubernetes.namespace", "spark.kubernetes.container.image",
            "spark.kubernetes.container.image.pullPolicy", "spark.kubernetes.authenticate.driver.serviceAccountName");
    /** Documented keys with a user-chosen last part ({@code spark.kubernetes.driver.secrets.[SecretName]}). */
    private static final List<String> DOCUMENTED_PREFIXES = List.of("spark.kubernetes.driver.secrets.",
            "spark.kubernetes.executor.secrets.", "spark.executorEnv.");

    @BeforeAll
    static void loadSparkConfigConstants() throws ClassNotFoundException {
        for (String object : SPARK_CONFIG_OBJECTS) {
            Class.forName(object, true, ClusterPropertiesTest.class.getClassLoader());
        }
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(CONF.resolve(name))) {
            properties.load(reader);
        }
        return properties;
    }

    private static boolean known(String key) {
        if (key.startsWith("spark.yarn.") || key.startsWith("spark.kubernetes.")) {
            return DOCUMENTED_MANAGER_KEYS.contains(key) || DOCUMENTED_PREFIXES.stream().anyMatch(key::startsWith);
        }
        // spark.master is read by SparkSubmit and SparkContext directly, not through a config constant.
        return key.equals("spark.master") || ConfigEntry$.MODULE$.findEntry(key) != null
                || DOCUMENTED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    @Test
    void theRegistryCatchesAMisspelledKey() {
        assertTrue(known("spark.executor.memoryOverhead"));
        assertTrue(known("spark.network.crypto.enabled"));
        assertFalse(known("spark.executor.memoryOverHead"));
        assertFalse(known("spark.kubernetes.container.imag"));
    }

    @Test
    void everyTargetsFileParsesNamesItsMasterAndUsesOnlyKnownKeys() throws IOException {
        Map<String, String> masters = Map.of("cluster-standalone.properties", "spark://",
                "cluster-yarn.properties", "yarn", "cluster-kubernetes.properties", "k8s://");
        for (Map.Entry<String, String> target : masters.entrySet()) {
            Properties properties = load(target.getKey());
            assertTrue(properties.getProperty("spark.master", "").startsWith(target.getValue()),
                    target.getKey() + ": spark.master " + properties.getProperty("spark.master"));
            List<String> unknown = new ArrayList<>();
            for (String key : properties.stringPropertyNames()) {
                assertTrue(key.startsWith("spark."), target.getKey() + ": " + key + " is not a Spark setting");
                if (!known(key)) {
                    unknown.add(key);
                }
                String value = properties.getProperty(key);
                assertFalse(value.contains("#"), target.getKey() + ": " + key + " = " + value
                        + " (a comment after a value is part of the value in a properties file)");
                assertFalse(Redaction.isSecret(key) && !value.startsWith("/"), target.getKey() + ": " + key
                        + " may only name a secret's file or mount path; the secret belongs in the environment");
            }
            assertEquals(List.of(), unknown, target.getKey() + ": keys Spark does not know");
        }
    }
}
