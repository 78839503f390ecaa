package io.celebaspark.spark;

import io.celebaspark.cost.ExecutorLedger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds an application's {@link ExecutorLedger} from Spark's listener bus: executors registered and removed
 * (with their cores, at Spark's times), and every task's run time &times; {@code spark.task.cpus}, attributed
 * to the run named by the {@value #RUN_PROPERTY} local property of the thread that submitted its job (the
 * train job sets it, so runs side by side in one application are counted apart).
 *
 * <p><b>Registered before the first executor.</b> {@link SparkSessions#create} names this class in
 * {@value #EXTRA_LISTENERS}; Spark builds such listeners while it sets up its listener bus, and the bus
 * replays to them every event posted before it started. A local master's one executor ({@code driver}, with
 * all the master's cores) is posted while the task scheduler starts, before the bus exists, and would be
 * missed by a listener added once the context is up; a cluster's executors register later still. Spark
 * constructs the listener with its configuration, which by then holds {@code spark.app.id}: that is how
 * {@link #of} finds it.
 *
 * <p>In local mode the {@code driver} executor is the only one and is counted with its cores (the tasks run
 * there); on a cluster the driver is no executor and holds no task slot, so it is not counted.
 */
public final class ExecutorCostMeter extends SparkListener {
    /** Spark's setting that names listeners built with the context. */
    public static final String EXTRA_LISTENERS = "spark.extraListeners";
    /** The local property naming the run whose jobs a thread submits. */
    public static final String RUN_PROPERTY = "celebaspark.run.id";
    private static final Map<String, ExecutorCostMeter> BY_APPLICATION = new ConcurrentHashMap<>();

    private final ExecutorLedger ledger = new ExecutorLedger();
    private final Map<Integer, String> stageRuns = new ConcurrentHashMap<>();
    private final String applicationId;
    private final int taskCpus;

    /** Built by Spark from {@value #EXTRA_LISTENERS}. */
    public ExecutorCostMeter(SparkConf conf) {
        this.applicationId = conf.get("spark.app.id", "");
        this.taskCpus = conf.getInt("spark.task.cpus", 1);
        if (!applicationId.isEmpty()) {
            BY_APPLICATION.put(applicationId, this);
        }
    }

    /** Adds this listener to {@value #EXTRA_LISTENERS}, after any the launcher named, unless already there. */
    public static SparkConf register(SparkConf conf) {
        String listeners = conf.get(EXTRA_LISTENERS, "").strip();
        String name = ExecutorCostMeter.class.getName();
        if (!Arrays.asList(listeners.split("\\s*,\\s*")).contains(name)) {
            conf.set(EXTRA_LISTENERS, listeners.isEmpty() ? name : listeners + "," + name);
        }
        return conf;
    }

    /** The meter of this context's application; empty when its session was not made with {@link #register}. */
    public static Optional<ExecutorCostMeter> of(SparkContext sc) {
        return Optional.ofNullable(BY_APPLICATION.get(sc.applicationId()));
    }

    public ExecutorLedger ledger() {
        return ledger;
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
        ledger.executorAdded(added.executorId(), added.executorInfo().executorHost(),
                added.executorInfo().totalCores(), added.time());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        ledger.executorRemoved(removed.executorId(), removed.time(), removed.reason());
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        String run = submitted.properties() == null ? null : submitted.properties().getProperty(RUN_PROPERTY);
        if (run != null) {
            stageRuns.put(submitted.stageInfo().stageId(), run);
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        stageRuns.remove(completed.stageInfo().stageId());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        long millis = end.taskMetrics() != null ? end.taskMetrics().executorRunTime() : end.taskInfo().duration();
        ledger.taskEnded(stageRuns.get(end.stageId()), millis * taskCpus);
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd end) {
        BY_APPLICATION.remove(applicationId, this);
    }
}
