package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SparkSessionsTest {
    @Test
    void broadcastsAreUncompressedUnlessTheLauncherSaysOtherwise() {
        assertEquals("false", SparkSessions.withUncompressedBroadcasts(new SparkConf(false))
                .get(SparkSessions.BROADCAST_COMPRESS));
        assertEquals("true", SparkSessions.withUncompressedBroadcasts(new SparkConf(false)
                .set(SparkSessions.BROADCAST_COMPRESS, "true")).get(SparkSessions.BROADCAST_COMPRESS));
    }
}
