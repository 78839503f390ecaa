package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSecretTest {
    @Test
    void theSecretFromTheEnvironmentTurnsAuthenticationOn() {
        SparkConf conf = ClusterSecret.withSecretFrom(Map.of(ClusterSecret.ENV, "s3cr3t"), new SparkConf(false));
        assertEquals("true", conf.get(ClusterSecret.AUTHENTICATE));
        assertEquals("s3cr3t", conf.get(ClusterSecret.SECRET));
    }

    @Test
    void withoutItNothingChangesAndTheLaunchersChoicesWin() {
        SparkConf none = ClusterSecret.withSecretFrom(Map.of(ClusterSecret.ENV, " "), new SparkConf(false));
        assertFalse(none.contains(ClusterSecret.AUTHENTICATE));
        assertFalse(none.contains(ClusterSecret.SECRET));
        SparkConf set = new SparkConf(false).set(ClusterSecret.AUTHENTICATE, "false").set(ClusterSecret.SECRET, "other");
        ClusterSecret.withSecretFrom(Map.of(ClusterSecret.ENV, "s3cr3t"), set);
        assertEquals("false", set.get(ClusterSecret.AUTHENTICATE));
        assertEquals("other", set.get(ClusterSecret.SECRET));
    }

    @Test
    void anApplicationTheStandaloneMasterDidNotRegisterIsRefusedSayingWhatToCheck() {
        SparkSessions.requireRegistered("spark://127.0.0.1:7077", "app-20261207130000-0001");
        SparkSessions.requireRegistered("local[2]", "local-1765112400000");
        ClusterRefusedException e = assertThrows(ClusterRefusedException.class,
                () -> SparkSessions.requireRegistered("spark://127.0.0.1:7077", "spark-application-1765112400000"));
        assertTrue(e.getMessage().contains("set CELEBA_SPARK_SECRET to the cluster's secret"), e.getMessage());
    }
}
