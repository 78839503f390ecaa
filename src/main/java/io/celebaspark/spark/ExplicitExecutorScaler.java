package io.celebaspark.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Explicit executor control with dynamic allocation off (Spark 3.5's {@code requestTotalExecutors} and
 * {@code killExecutors}, DeveloperApi; checked against a real standalone cluster by {@code ScaleOutClusterIT}).
 *
 * <p>Why each step:
 * <ul>
 *   <li>A standalone application without dynamic allocation starts with no executor limit: the master grants it
 *   every core the workers offer the moment it registers, before the driver can ask for less, and those
 *   executors register one by one over the next seconds (43 s for the last of 4 on a loaded 2-core machine).
 *   So the first request usually shrinks, and executors that register after the target is set are surplus:
 *   a listener kills each as it registers, newest first, on a thread of its own (never on Spark's listener
 *   thread). A newcomer has had no task yet, or only just; Spark re-runs a killed executor's task elsewhere
 *   without counting it as a failure.</li>
 *   <li>{@code killExecutors} lowers the target by one per killed executor, so the target is set again with
 *   {@code requestTotalExecutors} after every kill; the master then neither replaces the killed executors nor
 *   launches others.</li>
 * </ul>
 * One training per application: two scalers in one application would fight over the executor count.
 */
final class ExplicitExecutorScaler extends SparkListener implements ExecutorScaler {
    private static final long POLL_MILLIS = 200;
    /** How long each probe task holds its slot, so that a round of probes spreads over every free slot. */
    private static final long PROBE_MILLIS = 500;
    /** Executor ids are numbers given in launch order; others sort after them. */
    private static final Comparator<String> NEWEST_FIRST = Comparator.<String>comparingLong(id -> {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }).reversed();

    private final SparkContext sc;
    private final int slotsPerExecutor;
    private final long timeoutNanos;
    private final Set<String> killed = ConcurrentHashMap.newKeySet();
    private final ExecutorService surplusKiller = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "scale-out surplus executors");
        thread.setDaemon(true);
        return thread;
    });
    private volatile int target = -1;

    ExplicitExecutorScaler(SparkContext sc, int slotsPerExecutor, int timeoutSeconds) {
        this.sc = sc;
        this.slotsPerExecutor = slotsPerExecutor;
        this.timeoutNanos = timeoutSeconds * 1_000_000_000L;
        sc.addSparkListener(this);
    }

    @Override
    public synchronized Optional<ExecutorScaling> provide(int workers) {
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
            live = killSurplus();
            if (live.size() == needed || System.nanoTime() - start > timeoutNanos) {
                break;
            }
            sleep();
        }
        int ready = live.size() == needed ? executorsRunningTasks(needed, start) : live.size();
        ExecutorScaling scaling = new ExecutorScaling(workers, before, needed, ready, (System.nanoTime() - start) / 1e9);
        LOG.info("scale-out: {}", scaling.describe());
        return Optional.of(scaling);
    }

    /**
     * How many executors run tasks, probing until all {@code needed} do or the timeout passes. Registered is not
     * ready: since Spark 3 an executor registers first and offers its cores only once it has started, after
     * fetching the application jar (335 MB here), so a job right after registration runs on the old executors
     * only (the spike saw 4 tasks on 2 of 4 registered executors).
     */
    private int executorsRunningTasks(int needed, long start) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        List<Integer> slots = IntStream.range(0, needed * slotsPerExecutor).boxed().toList();
        Set<String> ran = new HashSet<>();
        while (ran.size() < needed && System.nanoTime() - start <= timeoutNanos) {
            ran = new HashSet<>(jsc.parallelize(slots, slots.size()).map(ExplicitExecutorScaler::probe).collect());
        }
        return ran.size();
    }

    /** A probe task: holds its slot a moment and says which executor ran it. */
    private static String probe(Integer slot) throws InterruptedException {
        Thread.sleep(PROBE_MILLIS);
        return SparkEnv.get().executorId();
    }

    /** An executor that registers beyond the target (granted before it was set) is killed at once. */
    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
        if (target >= 0 && !surplusKiller.isShutdown()) {
            surplusKiller.execute(this::killSurplus);
        }
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
        surplusKiller.shutdownNow();
    }

    /** Kills the executors beyond the target, newest first, and returns those left. */
    private synchronized List<String> killSurplus() {
        List<String> live = live();
        if (target >= 0 && live.size() > target) {
            List<String> surplus = live.stream().sorted(NEWEST_FIRST).limit(live.size() - target).toList();
            killed.addAll(surplus);
            sc.killExecutors(JavaConverters.asScalaBuffer(new ArrayList<>(surplus)).toSeq());
            request();
            live.removeAll(surplus);
        }
        return live;
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
}
