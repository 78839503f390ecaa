package io.celebaspark.cost;

import java.util.function.LongSupplier;

/**
 * One run's cost, epoch by epoch, read off its application's {@link ExecutorLedger}: the run marks its start,
 * each epoch's end and its own end, and every epoch is priced over the window since the previous mark (see
 * {@link EpochCost} for why the windows tile the run).
 *
 * <p>Busy time is taken as the difference of two readings of the run's running total, not by the tasks' end
 * times: the listener hears of a task a moment after the driver has its result, so the last tasks of an epoch
 * may be counted in the next one's window, but no task is ever lost or counted twice.
 */
public final class RunMeter {
    private final ExecutorLedger ledger;
    private final String run;
    private final LongSupplier clock;
    private long mark;
    private long busyMark;

    /**
     * @param run   the run's key, the one its tasks are attributed to
     * @param clock epoch milliseconds, the ledger's clock
     */
    public RunMeter(ExecutorLedger ledger, String run, LongSupplier clock) {
        this.ledger = ledger;
        this.run = run;
        this.clock = clock;
    }

    /** The run starts (or resumes) now: its first window opens. */
    public void start() {
        mark = clock.getAsLong();
        busyMark = ledger.busyCoreMillis(run);
        ledger.runStarted(run, mark);
    }

    /**
     * An epoch ended now: prices its window and opens the next one.
     *
     * @param rounds the epoch's averaging rounds; {@code null} for a trainer without rounds
     */
    public EpochCost epochEnded(RoundTimes rounds) {
        long now = clock.getAsLong();
        long busy = ledger.busyCoreMillis(run);
        HeldTime held = ledger.held(run, mark, now);
        EpochCost cost = new EpochCost(held.executorsMax(), held.executorsMean(), held.coreSeconds(),
                (busy - busyMark) / 1000.0, rounds);
        mark = now;
        busyMark = busy;
        return cost;
    }

    /** The run ended (finished or failed) now: the runs still active share the executors from here. */
    public void end() {
        ledger.runEnded(run, clock.getAsLong());
    }
}
