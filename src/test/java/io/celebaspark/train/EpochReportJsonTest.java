package io.celebaspark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celebaspark.cost.EpochCost;
import io.celebaspark.cost.RoundTimes;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.train.control.Decision;
import io.celebaspark.train.control.TrainingState;
import io.celebaspark.train.spark.EpochFit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A checkpoint's report keeps the epoch's cost, and a checkpoint of an older build reads as unmetered. */
class EpochReportJsonTest {
    private static EpochReport report() {
        Evaluation val = new Evaluation("val", 100, 0.4, List.of(
                new LabelMetrics("Male", 100, 40, 0.9, 0.85, 0.8, 0.9, 0.85, 0.95)));
        TrainingState state = new TrainingState(2, 32, 2, 5e-4);
        return new EpochReport(2, 10, state, new EpochFit(0.5, 4000, 63, 80, new RoundTimes(63, 1.2), null, null), val, 126, 8000,
                90, new Decision(state, List.of(), false, false), 2, 0.4, Instant.parse("2026-01-02T03:04:05Z"),
                new EpochCost(2, 1.5, 180, 120.5, new RoundTimes(63, 1.2)));
    }

    @Test
    void theCostRoundTrips() throws Exception {
        EpochReport report = report();
        assertEquals(report, RunFiles.JSON.readValue(RunFiles.JSON.writeValueAsString(report), EpochReport.class));
    }

    @Test
    void aReportWithoutCostOrRoundsReadsAsNotMetered() throws Exception {
        ObjectNode json = RunFiles.JSON.valueToTree(report());
        json.remove("cost");
        ((ObjectNode) json.get("fit")).remove("rounds");
        EpochReport old = RunFiles.JSON.treeToValue(json, EpochReport.class);
        assertNull(old.cost());
        assertNull(old.fit().rounds());
        assertEquals(63, old.fit().updates());
    }
}
