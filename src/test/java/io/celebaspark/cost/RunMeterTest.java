package io.celebaspark.cost;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RunMeterTest {
    private static final double EPS = 1e-9;

    @Test
    void epochsArePricedOverWindowsThatTileTheRun() {
        AtomicLong now = new AtomicLong(1_000);
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("driver", "localhost", 2, 0);
        RunMeter meter = new RunMeter(ledger, "r", now::get);
        meter.start();
        ledger.taskEnded("r", 3_000);
        now.set(5_000);
        EpochCost first = meter.epochEnded(new RoundTimes(4, 0.8));
        assertEquals(2 * 4, first.heldCoreSeconds(), EPS);
        assertEquals(3, first.busyCoreSeconds(), EPS);
        assertEquals(1, first.executorsMax());
        assertEquals(new RoundTimes(4, 0.8), first.rounds());

        ledger.executorAdded("1", "h", 1, 6_000);
        ledger.taskEnded("r", 1_000);
        ledger.taskEnded("other", 50_000);
        now.set(9_000);
        EpochCost second = meter.epochEnded(null);
        assertEquals(2 * 4 + 1 * 3, second.heldCoreSeconds(), EPS);
        assertEquals(1, second.busyCoreSeconds(), EPS, "only this run's tasks, only since the last epoch");
        assertEquals(2, second.executorsMax());
        assertEquals((1 * 1 + 2 * 3) / 4.0, second.executorsMean(), EPS);
        assertNull(second.rounds());
    }

    @Test
    void anEndedRunNoLongerTakesAShareFromTheRunsStillActive() {
        AtomicLong now = new AtomicLong(0);
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("driver", "localhost", 2, 0);
        RunMeter a = new RunMeter(ledger, "a", now::get);
        RunMeter b = new RunMeter(ledger, "b", now::get);
        a.start();
        b.start();
        now.set(4_000);
        b.end();
        now.set(10_000);
        assertEquals(2 * 4 / 2.0 + 2 * 6, a.epochEnded(null).heldCoreSeconds(), EPS);
    }

    @Test
    void roundTimesTakeTheMedian() {
        assertEquals(new RoundTimes(3, 2.0), RoundTimes.of(List.of(9.0, 1.0, 2.0)));
        assertEquals(new RoundTimes(4, 1.5), RoundTimes.of(List.of(1.0, 2.0, 0.5, 30.0)));
        assertThrows(IllegalArgumentException.class, () -> RoundTimes.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RoundTimes(1, Double.NaN));
    }
}
