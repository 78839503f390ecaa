package io.celebaspark.spark;

import org.apache.spark.SparkConf;

import java.util.regex.Pattern;

/**
 * OpenMP threads of ND4J/oneDNN in Spark tasks: on a cluster, one per task core.
 *
 * <p>What controls the threads (nd4j-native 1.0.0-M2, oneDNN build, read from the binaries): oneDNN and
 * libnd4j's OpenMP loops run on libgomp, whose team size is {@code omp_get_max_threads()} <em>of the calling
 * thread</em>: {@code OMP_NUM_THREADS} read when libgomp loads, else the CPUs the process may use, and
 * {@code omp_set_num_threads} changes it for the calling thread only. ND4J's
 * {@code NativeOps.setOmpNumThreads} is exactly {@code omp_set_num_threads}; ND4J's {@code NativeOpsHolder}
 * calls it once, for the thread that loads ND4J (with 4, whatever {@code OMP_NUM_THREADS} says).
 * {@code Environment.setMaxThreads} is an empty function in this build, and {@code setMaxMasterThreads} only
 * caps libnd4j's own thread pool.
 *
 * <ul>
 *   <li><b>A cluster</b>: executors are processes of their own, so {@value #EXECUTOR_OMP} = the cores per task
 *   ({@code spark.task.cpus}, default 1), set by {@link #withTaskThreads} before the session starts, gives
 *   every thread of an executor, libnd4j's pool included, its task's share of the cores, unless the launcher
 *   set {@value #EXECUTOR_OMP} itself.</li>
 *   <li><b>local[N]</b>: left alone. The task threads share the driver's process, whose environment is fixed
 *   before this code runs; a team of {@code cores / N} per task thread ({@code setOmpNumThreads} on the task's
 *   thread) was measured at 0.92–0.94 of the default side by side on this project's shared 2-core machine
 *   ({@code TaskThreadsSpeed}, docs/performance.md), so it is not set; {@code bench-speed --threads R} re-measures
 *   it (with and without {@code OMP_WAIT_POLICY=PASSIVE}) for an idle machine to decide.</li>
 * </ul>
 */
public final class TaskThreads {
    public static final String EXECUTOR_OMP = "spark.executorEnv.OMP_NUM_THREADS";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(?:\\d+|\\*)(?:\\s*,\\s*\\d+)?])?");

    private TaskThreads() {
    }

    /** For a master that is not local, sets {@value #EXECUTOR_OMP} to {@code spark.task.cpus} unless set. */
    public static SparkConf withTaskThreads(SparkConf conf) {
        if (!isLocal(conf.get("spark.master", "local[*]"))) {
            conf.setIfMissing(EXECUTOR_OMP, conf.get("spark.task.cpus", "1"));
        }
        return conf;
    }

    /** Whether the master runs its tasks in the driver's process ({@code local}, {@code local[N]}, ...). */
    static boolean isLocal(String master) {
        return LOCAL.matcher(master.strip()).matches();
    }
}
