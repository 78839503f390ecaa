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

    @Test
    void taskResultsTravelWithTheStatusUpdateUnlessTheLauncherSaysOtherwise() {
        assertEquals("64m", SparkSessions.withDirectTaskResults(new SparkConf(false))
                .get(SparkSessions.MAX_DIRECT_RESULT));
        assertEquals("1m", SparkSessions.withDirectTaskResults(new SparkConf(false)
                .set(SparkSessions.MAX_DIRECT_RESULT, "1m")).get(SparkSessions.MAX_DIRECT_RESULT));
    }
}
