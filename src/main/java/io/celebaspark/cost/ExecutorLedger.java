package io.celebaspark.cost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * An application's executors over time and what its runs did with them: when each executor was registered
 * and removed and with how many cores, when each run was active, its tasks' busy time, and the executor
 * changes, kept so that any window of time can be priced afterwards ({@link #held}). Fed by
 * the Spark listener as events arrive, read by the runs' threads: every method is synchronized. Times are
 * epoch milliseconds of one clock (Spark stamps its events with the wall clock).
 *
 * <p><b>Runs side by side.</b> Runs of one application ({@code experiment --parallel}) share its executors;
 * with the experiment's FAIR pools each gets an equal share of the task slots. So at every instant the held
 * cores are split equally between the runs active then: a run's held core-seconds are the integral of
 * {@code cores(t) / runsActive(t)} over its windows, and the runs' shares add up to what the application held
 * while any run was active. Busy time needs no split: every task belongs to the run whose thread submitted it.
 */
public final class ExecutorLedger {
    private static final long OPEN = Long.MAX_VALUE;

    /** An executor's registration; {@code removed} is {@link #OPEN} while it is registered. */
    private static final class Executor {
        final int cores;
        final long added;
        long removed = OPEN;

        Executor(int cores, long added) {
            this.cores = cores;
            this.added = added;
        }

        boolean aliveAt(double t) {
            return added <= t && t < removed;
        }
    }

    /** A run's active span; {@code end} is {@link #OPEN} while it runs. */
    private static final class Span {
        final long start;
        long end = OPEN;

        Span(long start) {
            this.start = start;
        }

        boolean contains(double t) {
            return start <= t && t < end;
        }
    }

    private final Map<String, Executor> executors = new LinkedHashMap<>();
    private final Map<String, List<Span>> runs = new HashMap<>();
    private final Map<String, Long> busyCoreMillis = new HashMap<>();
    private final List<ExecutorChange> changes = new ArrayList<>();

    public synchronized void executorAdded(String id, String host, int cores, long at) {
        int before = registered();
        executors.put(id, new Executor(cores, at));
        changes.add(new ExecutorChange(ExecutorChange.Kind.EXECUTOR_ADDED, at, before, registered(),
                String.format(Locale.ROOT, "executor %s on %s with %d core%s registered", id, host, cores,
                        cores == 1 ? "" : "s")));
    }

    public synchronized void executorRemoved(String id, long at, String reason) {
        Executor executor = executors.get(id);
        if (executor == null || executor.removed != OPEN) {
            return;
        }
        int before = registered();
        executor.removed = at;
        changes.add(new ExecutorChange(ExecutorChange.Kind.EXECUTOR_REMOVED, at, before, registered(),
                "executor " + id + " removed: " + reason));
    }

    /** A task of {@code run} ({@code null}: of no run) ended having kept {@code coreMillis} busy. */
    public synchronized void taskEnded(String run, long coreMillis) {
        if (run != null) {
            busyCoreMillis.merge(run, coreMillis, Long::sum);
        }
    }

    /** The run is active from {@code at}: it gets its share of the executors held from then. */
    public synchronized void runStarted(String run, long at) {
        List<Span> spans = runs.computeIfAbsent(run, r -> new ArrayList<>());
        if (spans.isEmpty() || spans.get(spans.size() - 1).end != OPEN) {
            spans.add(new Span(at));
        }
    }

    /** The run ended at {@code at}: the runs still active share the executors from then. */
    public synchronized void runEnded(String run, long at) {
        List<Span> spans = runs.getOrDefault(run, List.of());
        if (!spans.isEmpty() && spans.get(spans.size() - 1).end == OPEN) {
            spans.get(spans.size() - 1).end = Math.max(at, spans.get(spans.size() - 1).start);
        }
    }

    /** The run's tasks' busy core-milliseconds so far (a window's is the difference of two readings). */
    public synchronized long busyCoreMillis(String run) {
        return busyCoreMillis.getOrDefault(run, 0L);
    }

    /**
     * What {@code run} held from {@code from} to {@code to}: the executors registered in the window and its
     * share of their core-seconds, the run counted as active throughout the window. The window is cut at
     * every registration, removal, start and end inside it, and each piece is priced at its midpoint.
     */
    public synchronized HeldTime held(String run, long from, long to) {
        if (to <= from) {
            int now = registeredAt(from);
            return new HeldTime(now, now, 0);
        }
        TreeSet<Long> cuts = new TreeSet<>(List.of(from, to));
        for (Executor e : executors.values()) {
            addInside(cuts, e.added, from, to);
            addInside(cuts, e.removed, from, to);
        }
        runs.values().forEach(spans -> spans.forEach(s -> {
            addInside(cuts, s.start, from, to);
            addInside(cuts, s.end, from, to);
        }));
        int max = 0;
        double executorMillis = 0;
        double coreMillis = 0;
        Long a = null;
        for (long b : cuts) {
            if (a != null) {
                double mid = a + (b - a) / 2.0;
                int count = 0;
                int cores = 0;
                for (Executor e : executors.values()) {
                    if (e.aliveAt(mid)) {
                        count++;
                        cores += e.cores;
                    }
                }
                max = Math.max(max, count);
                executorMillis += (double) count * (b - a);
                coreMillis += (double) cores * (b - a) / (1 + othersActiveAt(run, mid));
            }
            a = b;
        }
        return new HeldTime(max, executorMillis / (to - from), coreMillis / 1000);
    }

    /** The executor changes in {@code (after, upTo]}, in the order they were recorded. */
    public synchronized List<ExecutorChange> changes(long after, long upTo) {
        return changes.stream().filter(c -> c.atMillis() > after && c.atMillis() <= upTo).toList();
    }

    /** Executors registered now. */
    public synchronized int registered() {
        return (int) executors.values().stream().filter(e -> e.removed == OPEN).count();
    }

    private int registeredAt(long t) {
        return (int) executors.values().stream().filter(e -> e.aliveAt(t)).count();
    }

    private int othersActiveAt(String run, double t) {
        int others = 0;
        for (Map.Entry<String, List<Span>> r : runs.entrySet()) {
            if (!r.getKey().equals(run) && r.getValue().stream().anyMatch(s -> s.contains(t))) {
                others++;
            }
        }
        return others;
    }

    private static void addInside(TreeSet<Long> cuts, long t, long from, long to) {
        if (t > from && t < to) {
            cuts.add(t);
        }
    }
}
