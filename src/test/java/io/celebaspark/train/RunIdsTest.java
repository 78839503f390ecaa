package io.celebaspark.train;

import io.celebaspark.app.AppConfig;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunIdsTest {
    @Test
    void aGeneratedIdSaysWhatTheRunIs() {
        TrainSettings s = AppConfig.load(null, Map.of("schedule.kind", "batch-growth", "train.seed", "7")).train();
        String id = RunIds.generate(s, ZonedDateTime.of(2026, 11, 29, 14, 30, 5, 0, ZoneOffset.UTC));
        assertEquals("batch-growth-adam-s7-20261129-143005", id);
        assertEquals(id, RunIds.check(id));
    }

    @Test
    void refusesIdsUnsafeInPathsOrSql() {
        for (String bad : new String[]{"", "../x", "a b", "a'b", "-x", "x/y"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunIds.check(bad));
            assertTrue(e.getMessage().contains("is invalid"), e.getMessage());
        }
    }
}
