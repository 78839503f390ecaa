package io.celebaspark.cost;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExecutorLedgerTest {
    private static final double EPS = 1e-9;

    @Test
    void heldCoreSecondsAreCoresTimesTheTimeEachExecutorWasRegisteredInTheWindow() {
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("1", "h", 2, 1_000);
        ledger.executorAdded("2", "h", 1, 3_000);
        ledger.executorRemoved("1", 5_000, "killed");
        // 0-1 s: none; 1-3 s: 2 cores; 3-5 s: 3 cores; 5-10 s: 1 core (executor 2 stays open)
        HeldTime all = ledger.held("r", 0, 10_000);
        assertEquals(2 * 2 + 3 * 2 + 5, all.coreSeconds(), EPS);
        assertEquals(2, all.executorsMax());
        assertEquals((0 * 1 + 1 * 2 + 2 * 2 + 1 * 5) / 10.0, all.executorsMean(), EPS);

        HeldTime slice = ledger.held("r", 2_000, 4_000);
        assertEquals(2 * 1 + 3 * 1, slice.coreSeconds(), EPS);
        assertEquals(1.5, slice.executorsMean(), EPS);
    }

    @Test
    void windowsThatTileATimeSpanAddUpToIt() {
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("driver", "localhost", 2, 500);
        ledger.executorAdded("7", "h", 4, 2_345);
        ledger.executorRemoved("7", 7_891, "lost");
        double whole = ledger.held("r", 1_000, 9_000).coreSeconds();
        double parts = ledger.held("r", 1_000, 2_000).coreSeconds() + ledger.held("r", 2_000, 5_555).coreSeconds()
                + ledger.held("r", 5_555, 9_000).coreSeconds();
        assertEquals(whole, parts, EPS);
        assertEquals(2 * 8 + 4 * (7.891 - 2.345), whole, EPS);
    }

    @Test
    void runsActiveAtTheSameTimeSplitTheHeldCoresEquallyAndTheSharesAddUpToTheWhole() {
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("driver", "localhost", 4, 0);
        ledger.runStarted("a", 0);
        ledger.runStarted("b", 2_000);
        ledger.runEnded("b", 6_000);
        // a alone 0-2 s and 6-10 s, with b 2-6 s
        HeldTime a = ledger.held("a", 0, 10_000);
        HeldTime b = ledger.held("b", 2_000, 6_000);
        assertEquals(4 * 2 + 4 * 4 / 2.0 + 4 * 4, a.coreSeconds(), EPS);
        assertEquals(4 * 4 / 2.0, b.coreSeconds(), EPS);
        assertEquals(4 * 10, a.coreSeconds() + b.coreSeconds(), EPS);
        assertEquals(1, a.executorsMax(), "the split is of core-seconds, not of executors");
    }

    @Test
    void aRunNotMarkedActiveIsCountedActiveInItsOwnWindow() {
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("driver", "localhost", 2, 0);
        ledger.runStarted("other", 0);
        assertEquals(2 * 3 / 2.0, ledger.held("unmarked", 1_000, 4_000).coreSeconds(), EPS);
    }

    @Test
    void anEmptyWindowHoldsNothingAndCountsTheExecutorsThen() {
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("1", "h", 1, 0);
        ledger.executorAdded("2", "h", 1, 0);
        assertEquals(new HeldTime(2, 2, 0), ledger.held("r", 5_000, 5_000));
        assertEquals(new HeldTime(0, 0, 0), new ExecutorLedger().held("r", 0, 1_000));
    }

    @Test
    void busyTimeIsSummedPerRunAndTasksOfNoRunAreNobodys() {
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.taskEnded("a", 1_500);
        ledger.taskEnded("b", 700);
        ledger.taskEnded("a", 500);
        ledger.taskEnded(null, 9_999);
        assertEquals(2_000, ledger.busyCoreMillis("a"));
        assertEquals(700, ledger.busyCoreMillis("b"));
        assertEquals(0, ledger.busyCoreMillis("c"));
    }

    @Test
    void anUnknownOrTwiceRemovedExecutorChangesNothing() {
        ExecutorLedger ledger = new ExecutorLedger();
        ledger.executorAdded("1", "h", 2, 0);
        ledger.executorRemoved("1", 1_000, "done");
        ledger.executorRemoved("1", 2_000, "again");
        ledger.executorRemoved("nope", 2_000, "never there");
        assertEquals(2, ledger.changes(-1, 10_000).size());
        assertEquals(2, ledger.held("r", 0, 10_000).coreSeconds(), EPS);
        assertEquals(0, ledger.registered());
    }
}
