package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenMP team per Spark task's share of the cores, so that task threads running ND4J/oneDNN side by side
 * do not oversubscribe the machine.
 *
 * <p>What controls the threads (nd4j-native 1.0.0-M2, oneDNN build, read from the binaries): oneDNN and
 * libnd4j's OpenMP loops run on libgomp, whose team size is {@code omp_get_max_threads()} <em>of the calling
 * thread</em>: {@code OMP_NUM_THREADS} read when libgomp loads, else the CPUs the process may use, and
 * {@code omp_set_num_threads} changes it for the calling thread only. ND4J's
 * {@code NativeOps.setOmpNumThreads} is exactly {@code omp_set_num_threads}; DL4J calls it once, for the
 * thread that loads ND4J (with 4, whatever {@code OMP_NUM_THREADS} says). {@code Environment.setMaxThreads} is
 * an empty function in this build, and {@code setMaxMasterThreads} only caps libnd4j's own thread pool.
 *
 * <p>So:
 * <ul>
 *   <li><b>local[N], N &gt; 1</b>: all task threads share the driver's process, whose environment is fixed
 *   before this code runs, so the tasks that run ND4J (training's {@code BatchFileLoader}, the distributed
 *   evaluator) call {@link #useOnThisThread} with {@link #perTask}, computed on the driver: {@code cores / N},
 *   at least 1. The driver's own threads (one-JVM training, scoring in the driver) keep theirs. A Spark
 *   executor plugin's {@code onTaskStart} would cover every task, but would load ND4J's native library into
 *   jobs that never use it (preprocessing, SQL).</li>
 *   <li><b>a cluster</b>: executors are processes of their own, so {@value #EXECUTOR_OMP} = the cores per
 *   task ({@code spark.task.cpus}, default 1), set by {@link #withTaskThreads} before the session starts,
 *   gives every thread of the executor, libnd4j's pool included, its share.</li>
 *   <li>An {@value #OMP_NUM_THREADS} the user set wins: in the driver's environment for a local master, as
 *   {@value #EXECUTOR_OMP} for a cluster.</li>
 * </ul>
 */
public final class TaskThreads {
    public static final String OMP_NUM_THREADS = "OMP_NUM_THREADS";
    public static final String EXECUTOR_OMP = "spark.executorEnv." + OMP_NUM_THREADS;
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:\\s*,\\s*\\d+)?])?");

    private TaskThreads() {
    }

    /** For a master that is not local, sets {@value #EXECUTOR_OMP} to {@code spark.task.cpus} unless set. */
    public static SparkConf withTaskThreads(SparkConf conf) {
        if (localTaskThreads(conf.get("spark.master", "local[*]"), 1) == 0) {
            conf.setIfMissing(EXECUTOR_OMP, conf.get("spark.task.cpus", "1"));
        }
        return conf;
    }

    /** On the driver: the OpenMP team for each task thread of this context's jobs, 0 to leave them alone. */
    public static int perTask(SparkContext sc) {
        return threadsPerTask(sc.master(), Runtime.getRuntime().availableProcessors(),
                System.getenv(OMP_NUM_THREADS));
    }

    /** In a task: sets the calling thread's OpenMP team to {@code threads} ({@link #perTask}); 0 does nothing. */
    public static void useOnThisThread(int threads) {
        if (threads > 0) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        }
    }

    /**
     * The task threads a master runs in the driver's process: {@code local} 1, {@code local[N]} and
     * {@code local[N,F]} N, {@code local[*]} the cores; 0 for any other master (its executors are separate
     * processes, {@code local-cluster} included).
     */
    static int localTaskThreads(String master, int cores) {
        Matcher m = LOCAL.matcher(master.strip());
        if (!m.matches()) {
            return 0;
        }
        String n = m.group(1);
        return n == null ? 1 : n.equals("*") ? cores : Integer.parseInt(n);
    }

    /**
     * The OpenMP team of each task thread under {@code master}, or 0 to leave the threads alone: a user's
     * {@value #OMP_NUM_THREADS}, a master with executor processes, or a single task thread.
     *
     * @param ompNumThreads the process's {@value #OMP_NUM_THREADS}, or {@code null}
     */
    static int threadsPerTask(String master, int cores, String ompNumThreads) {
        int taskThreads = localTaskThreads(master, cores);
        if ((ompNumThreads != null && !ompNumThreads.isBlank()) || taskThreads <= 1) {
            return 0;
        }
        return Math.max(1, cores / taskThreads);
    }
}
