package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.regex.Matcher;
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
 *   <li><b>local[N]</b>: the N task threads share the driver's process, whose team is the process's CPUs (or
 *   {@code OMP_NUM_THREADS}), so every task would run a team of all cores beside N − 1 others: N × cores OpenMP
 *   threads on the cores, and every parallel region of a step waits at its barrier for a thread that is not
 *   running (a profile of the train job on 2 cores put 30% of a task's wall time in libgomp). A task thread
 *   therefore gets the process team split between the slots, {@code max(1, team / N)} ({@link #taskTeam}):
 *   on an idle 2-core machine the train job at local[2] trained its 2nd epoch at 220 and 212 examples/s
 *   against 207 and 199 with teams of 2 (alternated runs, docs/performance.md).</li>
 * </ul>
 *
 * <p><b>One team for every step, whatever thread runs it</b> ({@link #useTaskTeam}). The team size changes
 * the floating-point result of a training step (the native kernels split their reductions by thread), and a thread keeps
 * whatever team it was last given: the executor thread that happened to load ND4J keeps {@code NativeOpsHolder}'s
 * 4 while the others have {@value #EXECUTOR_OMP}. Which pooled thread runs which task depends on what else the
 * application runs, so on a cluster with 1-core executors two runs side by side ({@code experiment --parallel 2})
 * trained their steps with a mix of teams of 4 and 1 and ended with other parameters than alone. Every worker step
 * and every evaluation task therefore first gives its thread the task team: the team a fresh thread of the process
 * has (libgomp's default: {@code OMP_NUM_THREADS}, else the CPUs the process may use; measured once per JVM on a
 * fresh thread), split between the task slots of a local master.
 */
public final class TaskThreads {
    public static final String EXECUTOR_OMP = "spark.executorEnv.OMP_NUM_THREADS";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:\\s*,\\s*\\d+)?])?");

    private TaskThreads() {
    }

    /** For a master that is not local, sets {@value #EXECUTOR_OMP} to {@code spark.task.cpus} unless set. */
    public static SparkConf withTaskThreads(SparkConf conf) {
        if (!isLocal(conf.get("spark.master", "local[*]"))) {
            conf.setIfMissing(EXECUTOR_OMP, conf.get("spark.task.cpus", "1"));
        }
        return conf;
    }

    /**
     * Gives the calling thread, a Spark task's, the task team ({@link #taskTeam} of this process's team and the
     * master the task runs under), so that a step's result does not depend on which thread runs it (cheap: it
     * sets one thread-local value). Outside a Spark task it gives the process team.
     */
    public static void useTaskTeam() {
        SparkEnv env = SparkEnv.get();
        int team = TaskContext.get() == null || env == null ? ProcessTeam.SIZE
                : teamUnder(env.conf().get("spark.master", ""));
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(team);
    }

    /** The team {@link #useTaskTeam} gives a task under {@code master}, e.g. for the log. */
    public static int teamUnder(String master) {
        return taskTeam(ProcessTeam.SIZE, master, Runtime.getRuntime().availableProcessors());
    }

    /** The run's log words for the team of every task under {@code master}. */
    public static String describe(String master) {
        if (!isLocal(master)) {
            return "OpenMP team per task: the executors' OMP_NUM_THREADS";
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return "OpenMP team per task " + taskTeam(ProcessTeam.SIZE, master, cpus) + " (the process's " + ProcessTeam.SIZE
                + " threads over " + localSlots(master, cpus) + " task slots)";
    }

    /**
     * The OpenMP team of a task thread: on a cluster the executor's process team (set to the task's cores by
     * {@link #withTaskThreads}), under a local master the process team split between its task slots, at least 1.
     *
     * @param processTeam libgomp's default team of the process
     * @param master      the Spark master the task runs under
     * @param cpus        the CPUs of the process, for {@code local[*]}
     */
    static int taskTeam(int processTeam, String master, int cpus) {
        return isLocal(master) ? Math.max(1, processTeam / localSlots(master, cpus)) : processTeam;
    }

    /** Task slots of a local master: N of {@code local[N]} or {@code local[N,F]}, {@code cpus} for {@code *}, 1 for {@code local}. */
    static int localSlots(String master, int cpus) {
        Matcher m = LOCAL.matcher(master.strip());
        if (!m.matches() || m.group(1) == null) {
            return 1;
        }
        return m.group(1).equals("*") ? cpus : Math.max(1, Integer.parseInt(m.group(1)));
    }

    /** The team of a process's fresh thread, which {@link #useTaskTeam} gives outside Spark tasks. */
    public static int processTeam() {
        return ProcessTeam.SIZE;
    }

    /** libgomp's default team of this process, measured once. */
    private static final class ProcessTeam {
        static final int SIZE = measureProcessTeam();
    }

    /**
     * Reads the team on a thread that nothing has changed it on. Not in {@link ProcessTeam}: the fresh thread's
     * lambda would wait for that class's initialisation, which waits for the thread.
     */
    private static int measureProcessTeam() {
        Nd4j.getBackend(); // loading ND4J sets the loading thread's team: let that be this one
        int[] team = new int[1];
        Thread fresh = new Thread(() -> team[0] = NativeOpsHolder.getInstance().getDeviceNativeOps()
                .ompGetMaxThreads(), "openmp-default-team");
        fresh.start();
        try {
            fresh.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the OpenMP default team", e);
        }
        if (team[0] < 1) {
            throw new IllegalStateException("ND4J reports an OpenMP team of " + team[0] + " threads");
        }
        return team[0];
    }

    /** Whether the master runs its tasks in the driver's process ({@code local}, {@code local[N]}, ...). */
    static boolean isLocal(String master) {
        return LOCAL.matcher(master.strip()).matches();
    }
}
