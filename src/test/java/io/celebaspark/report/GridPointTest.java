package io.celebaspark.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridPointTest {
    @Test
    void parsesTheRunsTablesSpellingAndPrintsItBack() {
        GridPoint p = GridPoint.parse("train.optimizer=adam,  schedule.alpha=2");
        assertEquals(Map.of("schedule.alpha", "2", "train.optimizer", "adam"), p.coordinates());
        assertEquals("schedule.alpha=2, train.optimizer=adam", p.label());
        assertEquals("alpha-2_optimizer-adam", p.slug());
        assertEquals(GridPoint.NONE, GridPoint.parse(null));
        assertEquals(GridPoint.NONE, GridPoint.parse("  "));
        assertEquals("(no grid coordinates)", GridPoint.NONE.label());
        assertEquals("all", GridPoint.NONE.slug());
    }

    @Test
    void anArmWithoutACoordinateBelongsToEveryPointThatCoversItsOwn() {
        GridPoint constant = GridPoint.parse("train.optimizer=adam");
        assertTrue(GridPoint.parse("schedule.alpha=2, train.optimizer=adam").covers(constant));
        assertTrue(GridPoint.parse("schedule.alpha=4, train.optimizer=adam").covers(constant));
        assertFalse(GridPoint.parse("schedule.alpha=2, train.optimizer=sgd-momentum").covers(constant));
        assertFalse(constant.covers(GridPoint.parse("schedule.alpha=2, train.optimizer=adam")));
        assertTrue(constant.covers(GridPoint.NONE));
    }

    @Test
    void ordersNumbersAsNumbers() {
        List<String> sorted = Stream.of("schedule.alpha=10", "schedule.alpha=2", "schedule.alpha=4")
                .map(GridPoint::parse).sorted().map(GridPoint::toString).toList();
        assertEquals(List.of("schedule.alpha=2", "schedule.alpha=4", "schedule.alpha=10"), sorted);
    }

    @Test
    void refusesWhatIsNotKeyValuePairs() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GridPoint.parse("alpha=2, adam")).getMessage()
                .contains("'adam'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GridPoint.parse("a=1, a=2")).getMessage()
                .contains("gives a twice"));
    }
}
