package io.celebaspark.spark;

import org.apache.spark.SparkContext;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Explicit executor control with dynamic allocation off (Spark 3.5's {@code requestTotalExecutors} and
 * {@code killExecutors}, DeveloperApi; checked against a real standalone cluster by {@code ScaleOutClusterIT}).
 *
 * <p>Why each step:
 * <ul>
 *   <li>A standalone application without dynamic allocation starts with no executor limit and takes every
 *   core the workers offer, so the first call usually shrinks: executors beyond the need are killed, newest
 *   first. This happens between epochs only: Spark kills them even when busy.</li>
 *   <li>{@code killExecutors} lowers the target by one per killed executor, so the target is set again with
 *   {@code requestTotalExecutors} after every kill; the master then neither replaces the killed executors nor
 *   launches others.</li>
 *   <li>Executors that the master launched before the limit reached it may still register during the wait;
 *   they are surplus and killed as they come.</li>
 * </ul>
 */
final class ExplicitExecutorScaler implements ExecutorScaler {
    private static final long POLL_MILLIS = 200;

    private final SparkContext sc;
    private final int slotsPerExecutor;
    private final long timeoutNanos;
    private final Set<String> killed = new HashSet<>();
    private int target = -1;

    ExplicitExecutorScaler(SparkContext sc, int slotsPerExecutor, int timeoutSeconds) {
        this.sc = sc;
        this.slotsPerExecutor = slotsPerExecutor;
        this.timeoutNanos = timeoutSeconds * 1_000_000_000L;
    }

    @Override
    public Optional<ExecutorScaling> provide(int workers) {
        int needed = (workers + slotsPerExecutor - 1) / slotsPerExecutor;
        List<String> live = live();
        if (needed == target && live.size() == needed) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        int before = live.size();
        target = needed;
        request();
        while (true) {
            live = live();
            if (live.size() > needed) {
                List<String> surplus = live.stream().sorted(NEWEST_FIRST).limit(live.size() - needed).toList();
                killed.addAll(surplus);
                sc.killExecutors(JavaConverters.asScalaBuffer(new ArrayList<>(surplus)).toSeq());
                request();
            } else if (live.size() == needed || System.nanoTime() - start > timeoutNanos) {
                break;
            }
            sleep();
        }
        ExecutorScaling scaling = new ExecutorScaling(workers, before, needed, live.size(),
                (System.nanoTime() - start) / 1e9);
        LOG.info("scale-out: {}", scaling.describe());
        return Optional.of(scaling);
    }

    /** Registered executors that were not asked to go. */
    private List<String> live() {
        List<String> ids = new ArrayList<>(JavaConverters.seqAsJavaList(sc.getExecutorIds()));
        killed.retainAll(ids);
        ids.removeAll(killed);
        return ids;
    }

    private void request() {
        sc.requestTotalExecutors(target, 0, scala.collection.immutable.Map$.MODULE$.<String, Object>empty());
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for executors", e);
        }
    }

    /** Executor ids are numbers given in launch order; others sort after them. */
    private static final Comparator<String> NEWEST_FIRST = Comparator.<String>comparingLong(id -> {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }).reversed();
}
