package io.celebaspark.spark;

import io.celebaspark.config.ScaleOutMode;
import io.celebaspark.config.ScaleOutSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Provides the executors an epoch of W workers needs, between epochs: how a batch growth realised as scale-out
 * becomes added executors (docs/scale-out.md). {@link #forSession} picks the implementation from the master and
 * {@code cluster.scale-out.mode}, and refuses Spark settings that would defeat it. A scaler serves one training
 * run; close it when the run ends.
 */
public interface ExecutorScaler extends AutoCloseable {
    Logger LOG = LoggerFactory.getLogger(ExecutorScaler.class);

    /** Adds no executors: a local master, or Spark's dynamic allocation, provides the slots (or waves run). */
    ExecutorScaler NONE = workers -> Optional.empty();

    /**
     * Makes the executors of {@code workers} task slots available before an epoch, waiting for them up to the
     * ready timeout; empty when nothing had to change.
     */
    Optional<ExecutorScaling> provide(int workers);

    /** Stops watching the application's executors (the run is over); nothing to do for most scalers. */
    @Override
    default void close() {
    }

    /**
     * The scaler for this session: none on a local master (a round of W tasks runs in waves on its slots) or in
     * {@code dynamic} mode (Spark's allocator follows the backlog), explicit requests otherwise.
     *
     * @throws IllegalArgumentException when the session's Spark settings contradict the mode, naming both
     */
    static ExecutorScaler forSession(SparkContext sc, ScaleOutSettings settings) {
        SparkConf conf = sc.getConf();
        boolean dynamicAllocation = conf.getBoolean("spark.dynamicAllocation.enabled", false);
        if (sc.isLocal()) {
            LOG.info("scale-out on local master {}: no executors are added; a round of more workers than its {}"
                    + " task slots runs in waves", sc.master(), sc.defaultParallelism());
            return NONE;
        }
        if (settings.mode() == ScaleOutMode.DYNAMIC) {
            if (!dynamicAllocation) {
                throw new IllegalArgumentException("cluster.scale-out.mode = dynamic needs Spark's dynamic allocation:"
                        + " set spark.dynamicAllocation.enabled=true (with spark.dynamicAllocation.shuffleTracking.enabled"
                        + "=true or the external shuffle service), or use cluster.scale-out.mode = explicit");
            }
            LOG.info("scale-out by Spark's dynamic allocation: no explicit executor requests");
            return NONE;
        }
        if (dynamicAllocation) {
            throw new IllegalArgumentException("cluster.scale-out.mode = explicit requests executors itself, and"
                    + " Spark's dynamic allocation would override the requests: set spark.dynamicAllocation.enabled"
                    + "=false, or use cluster.scale-out.mode = dynamic");
        }
        if (!conf.contains("spark.executor.cores")) {
            throw new IllegalArgumentException("cluster.scale-out.mode = explicit needs spark.executor.cores (e.g."
                    + " --conf spark.executor.cores=1): without it a standalone executor takes every core of its"
                    + " worker, so executors cannot be added one W at a time (SPARK-30299)");
        }
        int slots = conf.getInt("spark.executor.cores", 1) / conf.getInt("spark.task.cpus", 1);
        if (slots < 1) {
            throw new IllegalArgumentException("spark.executor.cores = " + conf.get("spark.executor.cores")
                    + " is below spark.task.cpus = " + conf.get("spark.task.cpus") + ": an executor would run no task");
        }
        return new ExplicitExecutorScaler(sc, slots, settings.readyTimeoutSeconds());
    }
}
