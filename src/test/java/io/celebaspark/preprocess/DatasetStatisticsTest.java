package io.celebaspark.preprocess;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.RejectReason;
import io.celebaspark.data.Split;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DatasetStatisticsTest {
    @Test
    void meanAndStdAreThoseOfAllPixelsWhateverTheMergeOrder() {
        // channel 0 values {0, 10, 20, 30}: mean 15, population std sqrt(125)
        DatasetStatistics a = new DatasetStatistics(1);
        a.addTrainPixels(new long[]{10}, new long[]{100}, 2);
        DatasetStatistics b = new DatasetStatistics(1);
        b.addTrainPixels(new long[]{50}, new long[]{1300}, 2);
        DatasetStatistics ab = new DatasetStatistics(1);
        ab.merge(a);
        ab.merge(b);
        DatasetStatistics ba = new DatasetStatistics(1);
        ba.merge(b);
        ba.merge(a);
        assertArrayEquals(new double[]{15}, ab.channelMean(), 1e-12);
        assertArrayEquals(new double[]{Math.sqrt(125)}, ab.channelStd(), 1e-12);
        assertArrayEquals(ab.channelStd(), ba.channelStd(), 0);
    }

    @Test
    void countsRatesMissingAndFailures() {
        DatasetStatistics s = new DatasetStatistics(3);
        long[] positives = new long[CelebaAttributes.COUNT];
        positives[CelebaAttributes.indexOf("Male")] = 3;
        s.addImages(Split.TRAIN, 4, positives);
        s.addRejects(RejectReason.MISSING_IMAGE, Split.TEST, 10, "t");
        s.addRejects(RejectReason.TRUNCATED, Split.TRAIN, 2, "b.jpg");
        s.addRejects(RejectReason.TRUNCATED, Split.TRAIN, 1, "a.jpg");
        s.addRejects(RejectReason.ZERO_BYTE, Split.VAL, 1, "z.jpg");
        assertEquals(0.75, s.positiveRate(Split.TRAIN, CelebaAttributes.indexOf("Male")));
        assertEquals(Double.NaN, s.positiveRate(Split.VAL, 0));
        assertEquals(10, s.missing(Split.TEST));
        assertEquals(3, s.rejected(Split.TRAIN));
        assertEquals(4, s.failures());
        assertEquals(RejectReason.TRUNCATED, s.commonestFailure());
        assertEquals("a.jpg", s.example(RejectReason.TRUNCATED));
    }
}
