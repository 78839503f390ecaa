package io.celebaspark.bench;

import io.celebaspark.config.PreprocessSettings;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.preprocess.PreprocessJob;
import io.celebaspark.preprocess.PreprocessRequest;
import io.celebaspark.preprocess.PreprocessResult;
import io.celebaspark.synth.SyntheticCeleba;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How fast is preprocessing, against what it could be? Prints, side by side in one run on the same files:
 * the Spark job in the session's master (local[N]), a single-threaded loop doing the same read + decode +
 * crop + resize, and libjpeg-turbo's decode-only rate (the practical ceiling), each as min/median/max over
 * repeats, and the ratios (the goal: the job at 60% of the ceiling times the cores used); and the shard
 * tasks' and the ceiling's images per CPU-second, which a shared machine's load disturbs far less.
 * Optionally shows that the driver's live heap stays flat from 5,000 to 50,000 synthetic images. A
 * benchmark, not a test: it reports, it never fails on a number.
 */
public final class PreprocessBenchmark {
    private final SparkSession spark;
    private final PreprocessSettings settings;
    private final Path work;
    private final PrintStream out;

    public PreprocessBenchmark(SparkSession spark, PreprocessSettings settings, Path work, PrintStream out) {
        this.spark = spark;
        this.settings = settings;
        this.work = work;
        this.out = out;
    }

    /** Rates over the image folder of {@code celebaRoot} (official layout), first {@code images} files. */
    public void throughput(Path celebaRoot, int images, int repeats) throws IOException, InterruptedException {
        Path imageDir = celebaRoot.resolve("Img/img_align_celeba");
        List<Path> files;
        try (Stream<Path> list = Files.list(imageDir)) {
            files = list.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(images > 0 ? images : Long.MAX_VALUE).toList();
        }
        int cores = spark.sparkContext().defaultParallelism();
        out.printf(Locale.ROOT, "preprocess benchmark: %,d images from %s; Spark master %s (%d cores); %d repeats%n",
                files.size(), imageDir, spark.sparkContext().master(), cores, repeats);
        out.printf(Locale.ROOT, "%-62s %8s %8s %8s%n", "images/s", "min", "median", "max");

        double[] single = new double[repeats];
        FacePreprocessor preprocessor = new FacePreprocessor(settings.image());
        loop(preprocessor, files); // warm-up
        for (int r = 0; r < repeats; r++) {
            single[r] = files.size() / loop(preprocessor, files);
        }
        row("single-threaded loop: read + decode + crop + resize (1 core)", single);

        Ceiling turbo = libjpegTurboCeiling(files, repeats);
        double[] ceiling = turbo == null ? null : turbo.wall();
        if (turbo != null) {
            row("libjpeg-turbo decode only, files in memory (1 core, ceiling)", turbo.wall());
            row("libjpeg-turbo ceiling, per CPU-second of the process", turbo.cpu());
        }

        double[] job = new double[repeats];
        double[] decodePhase = new double[repeats];
        double[] perTaskCpu = new double[repeats];
        PreprocessSettings limited = new PreprocessSettings(settings.image(), settings.maxRejectFraction(),
                settings.shardSize(), settings.tasksPerShard(), files.size());
        ShardTaskCpu taskCpu = new ShardTaskCpu();
        spark.sparkContext().addSparkListener(taskCpu);
        try {
            run(celebaRoot, limited, "warm-up");
            for (int r = 0; r < repeats; r++) {
                taskCpu.reset();
                PreprocessResult result = run(celebaRoot, limited, "repeat " + r);
                job[r] = result.decoded() / result.seconds();
                decodePhase[r] = result.imagesPerSecond();
                int shards = (int) ((result.decoded() + limited.shardSize() - 1) / limited.shardSize());
                perTaskCpu[r] = result.decoded() / taskCpu.seconds(shards);
            }
        } finally {
            spark.sparkContext().removeSparkListener(taskCpu);
        }
        row(String.format(Locale.ROOT, "Spark preprocess job, whole run (%d cores)", cores), job);
        row(String.format(Locale.ROOT, "Spark preprocess job, shard loop: decode + write (%d cores)", cores), decodePhase);
        row("Spark shard tasks, per CPU-second of task threads (per core)", perTaskCpu);

        out.printf(Locale.ROOT, "ratio  job (shard loop) / (single-threaded loop x %d cores) = %.2f%n", cores,
                median(decodePhase) / (median(single) * cores));
        if (ceiling != null) {
            out.printf(Locale.ROOT, "ratio  job (shard loop) / (libjpeg-turbo ceiling x %d cores) = %.2f   (goal >= 0.60)%n",
                    cores, median(decodePhase) / (median(ceiling) * cores));
            out.printf(Locale.ROOT, "ratio  single-threaded loop / libjpeg-turbo ceiling = %.2f%n", median(single) / median(ceiling));
            out.printf(Locale.ROOT, "ratio  shard tasks / libjpeg-turbo ceiling, both per CPU-second = %.2f%n",
                    median(perTaskCpu) / median(turbo.cpu()));
        }
    }

    /**
     * CPU time of the preprocess shard jobs' tasks (Spark's task metrics: run and deserialization, native
     * decoding included), for a rate that other processes on a shared machine disturb far less than wall
     * time: on a loaded 2-core machine the wall-clock rates say more about the load than about the code.
     * Stages are told apart by the job description {@link PreprocessJob} gives each shard. Events arrive
     * asynchronously, but Spark posts a job's end after its tasks' ends and before the job returns, so
     * once the shard jobs' ends have arrived every one of their tasks has been counted.
     */
    private static final class ShardTaskCpu extends SparkListener {
        /** The job property {@code setJobDescription} sets (Spark's own constant for it is private to Spark). */
        private static final String JOB_DESCRIPTION = "spark.job.description";
        private final Map<Integer, Boolean> shardStages = new ConcurrentHashMap<>();
        private final Map<Integer, Boolean> shardJobs = new ConcurrentHashMap<>();
        private final AtomicLong nanos = new AtomicLong();
        private final AtomicInteger jobsEnded = new AtomicInteger();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            boolean shard = start.properties().getProperty(JOB_DESCRIPTION, "")
                    .startsWith(PreprocessJob.SHARD_JOB_DESCRIPTION);
            shardJobs.put(start.jobId(), shard);
            for (Object stage : JavaConverters.seqAsJavaList(start.stageIds())) {
                shardStages.put((Integer) stage, shard);
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            if (shardJobs.getOrDefault(end.jobId(), false)) {
                jobsEnded.incrementAndGet();
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null && shardStages.getOrDefault(end.stageId(), false)) {
                nanos.addAndGet(end.taskMetrics().executorCpuTime() + end.taskMetrics().executorDeserializeCpuTime());
            }
        }

        void reset() {
            nanos.set(0);
            jobsEnded.set(0);
        }

        /** The shard tasks' CPU seconds since {@link #reset}, once the ends of {@code jobs} shard jobs arrived. */
        double seconds(int jobs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (jobsEnded.get() < jobs && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return nanos.get() / 1e9;
        }
    }

    /**
     * The driver's retained heap for synthetic datasets of each size, at one shard size: after every shard,
     * when no task is running, a full collection and a reading of the heap in use. In local mode the
     * executors share the driver's JVM, so this is the one moment their task memory (decode buffers, Parquet
     * pages, sort pages) is gone and what remains is what the driver keeps: it must not grow with the
     * number of images beyond the small work plan (image ids and labels, ~100 bytes per image).
     */
    public void driverHeap(int[] counts, int shardSize) throws IOException {
        out.printf(Locale.ROOT, "driver heap after each shard (full GC, no task running), shard size %,d%n", shardSize);
        out.printf(Locale.ROOT, "%10s %8s %14s %14s %14s%n", "images", "shards", "first MB", "max MB", "last MB");
        PreprocessSettings sharded = new PreprocessSettings(settings.image(), settings.maxRejectFraction(), shardSize,
                settings.tasksPerShard(), 0);
        for (int count : counts) {
            Path celeba = work.resolve("synth-" + count);
            Path marker = celeba.resolve(".complete");
            if (!Files.exists(marker)) {
                out.printf(Locale.ROOT, "  drawing %,d synthetic images into %s%n", count, celeba);
                SyntheticCeleba.write(celeba, count, 1, n -> { });
                Files.writeString(marker, Integer.toString(count));
            }
            List<Long> retained = new ArrayList<>();
            run(celeba, sharded, count + " images", line -> {
                if (line.startsWith("shard ")) {
                    System.gc();
                    retained.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
            });
            out.printf(Locale.ROOT, "%,10d %8d %14.1f %14.1f %14.1f%n", count, retained.size(), retained.get(0) / 1e6,
                    retained.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6,
                    retained.get(retained.size() - 1) / 1e6);
        }
    }

    private PreprocessResult run(Path input, PreprocessSettings s, String label) throws IOException {
        return run(input, s, label, line -> { });
    }

    private PreprocessResult run(Path input, PreprocessSettings s, String label, Consumer<String> progress)
            throws IOException {
        Path output = work.resolve("out");
        PreprocessResult result = PreprocessJob.run(spark, new PreprocessRequest(input.toString(), output.toString(),
                true, s, "{}"), progress);
        out.printf(Locale.ROOT, "  spark %-12s %,d images in %.1f s (shard loop %.1f s)%n", label, result.decoded(),
                result.seconds(), result.decodeSeconds());
        return result;
    }

    private static double loop(FacePreprocessor preprocessor, List<Path> files) throws IOException {
        long started = System.nanoTime();
        for (Path f : files) {
            try {
                preprocessor.toChw(Files.readAllBytes(f));
            } catch (ImageRejectedException e) {
                // counted like the job does: a reject is work done too
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** The C loop's images per second of wall time and per CPU-second of its process, one entry per repeat. */
    private record Ceiling(double[] wall, double[] cpu) {
    }

    /** The C loop of src/bench/c, built with gcc against libjpeg-turbo; null (with a note) when it cannot be built. */
    private Ceiling libjpegTurboCeiling(List<Path> files, int repeats) throws IOException, InterruptedException {
        Path source = BenchSources.locate("src/bench/c/jpeg_decode_loop.c");
        Path binary = work.resolve("jpeg_decode_loop");
        Files.createDirectories(work);
        if (source == null) {
            out.println("  (libjpeg-turbo ceiling skipped: src/bench/c/jpeg_decode_loop.c not found from " + Path.of("").toAbsolutePath() + ")");
            return null;
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString(), "-ljpeg")
                .redirectErrorStream(true).start();
        String gccOutput = new String(gcc.getInputStream().readAllBytes());
        if (gcc.waitFor() != 0) {
            out.println("  (libjpeg-turbo ceiling skipped: gcc failed; install gcc and libjpeg62-turbo-dev)\n" + gccOutput);
            return null;
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), Integer.toString(repeats)));
        files.forEach(f -> command.add(f.toString()));
        Process loop = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(loop.getInputStream().readAllBytes()).lines().toList();
        if (!loop.waitFor(10, TimeUnit.MINUTES) || loop.exitValue() != 0 || lines.size() != repeats) {
            out.println("  (libjpeg-turbo ceiling failed: " + lines + ")");
            return null;
        }
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            String[] f = lines.get(r).trim().split(" ");
            wall[r] = Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
            cpu[r] = Double.parseDouble(f[0]) / Double.parseDouble(f[2]);
        }
        return new Ceiling(wall, cpu);
    }


    private void row(String label, double[] values) {
        Spread spread = Spread.of(values);
        out.printf(Locale.ROOT, "%-62s %8.0f %8.0f %8.0f%n", label, spread.min(), spread.median(), spread.max());
    }

    private static double median(double[] values) {
        return Spread.of(values).median();
    }
}
