package io.celebaspark.preprocess;

import io.celebaspark.data.CelebaAnnotations;
import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.CelebaSource;
import io.celebaspark.data.LayoutDetector;
import io.celebaspark.data.RejectReason;
import io.celebaspark.data.Split;
import io.celebaspark.fs.SerializableHadoopConf;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.provenance.BuildInfo;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.tensors.TableSchemas;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;


/**
 * Raw CelebA as released to the tensors table, manifest and rejects table of docs/architecture.md.
 *
 * <p>The driver only reads the annotation files and lists the image folder (metadata, never pixels) and
 * plans the work ({@link WorkPlan}); executors read, decode, crop and resize the images in shards of
 * {@code preprocess.shard-size}. Each shard is written to a staging area with its statistics, so an
 * interrupted run resumes at the first unfinished shard, and the output appears in one rename at the end
 * ({@link StagingArea}). The same input and settings give the same tensors.
 */
public final class PreprocessJob {
    /** How every shard's Spark job description begins, so that listeners (the benchmark) can tell them apart. */
    public static final String SHARD_JOB_DESCRIPTION = "preprocess shard";

    private PreprocessJob() {
    }

    public static PreprocessResult run(SparkSession spark, PreprocessRequest request, Consumer<String> progress)
            throws IOException {
        long started = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        StagingArea staging = new StagingArea(hadoop, request.output());
        if (!request.overwrite()) {
            staging.requireNoOutput();
        }
        ImageSpec spec = request.settings().image();
        FacePreprocessor preprocessor = new FacePreprocessor(spec);

        CelebaSource source = LayoutDetector.detect(hadoop, request.input());
        progress.accept("found CelebA (" + source.layout() + " layout) at " + source.root());
        CelebaAnnotations annotations = CelebaAnnotations.read(hadoop, source);
        List<String> images = listImages(hadoop, source.imageDir(), progress);
        String settingsId = preprocessor.describe() + "|limit=" + request.settings().limit()
                + "|shard=" + request.settings().shardSize() + "|" + annotations.sha256ByFile();
        WorkPlan plan = WorkPlan.build(annotations.rows(), annotations.problems(), images, source.imageDir(),
                request.settings().limit(), request.settings().shardSize(), settingsId);
        progress.accept(String.format(Locale.ROOT,
                "%,d annotation rows, %,d image files: %,d to decode in %d shard(s), %,d rejected or missing"
                        + " before decoding%s",
                annotations.rows().size(), images.size(), plan.imagesToDecode(), plan.shards().size(),
                plan.rejects().size(),
                plan.skippedByLimit() > 0 ? String.format(Locale.ROOT, ", %,d skipped by the limit", plan.skippedByLimit()) : ""));

        boolean resuming = staging.open(plan.fingerprint());
        DatasetStatistics total = new DatasetStatistics(TableSchemas.CHANNELS);
        addPlannedRejects(plan, total);
        writeRejects(spark, plan.rejects(), staging.annotationRejectsDir());

        long decodeStarted = System.nanoTime();
        ShardLoop loop = decodeShards(spark, plan, preprocessor, staging, resuming, request.settings().tasksPerShard(),
                progress);
        total.merge(loop.statistics());
        double decodeSeconds = (System.nanoTime() - decodeStarted) / 1e9;

        checkRejectFraction(total, plan.existingImages(), request.settings().maxRejectFraction(), staging);

        Manifest manifest = manifest(request, source, annotations, preprocessor, spec, total, plan.skippedByLimit());
        for (int k = 0; k < plan.shards().size(); k++) {
            String prefix = String.format("%05d", k);
            staging.collect(new Path(staging.shardDir(k), TableSchemas.TENSORS_DIR), TableSchemas.TENSORS_DIR, prefix);
            staging.collect(new Path(staging.shardDir(k), TableSchemas.REJECTS_DIR), TableSchemas.REJECTS_DIR, prefix);
        }
        staging.collect(staging.annotationRejectsDir(), TableSchemas.REJECTS_DIR, "annotations");
        staging.writeFinalFile(TableSchemas.MANIFEST_FILE, manifest.toJson());
        staging.publish();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new PreprocessResult(request.output(), manifest, total, loop.decoded(), loop.resumed(), seconds,
                decodeSeconds);
    }

    private record ShardLoop(DatasetStatistics statistics, long decoded, int resumed) {
    }

    /** Decodes every shard not finished by an earlier run, reporting progress per shard and within shards. */
    private static ShardLoop decodeShards(SparkSession spark, WorkPlan plan, FacePreprocessor preprocessor,
                                          StagingArea staging, boolean resuming, int tasksPerShard,
                                          Consumer<String> progress) throws IOException {
        SerializableHadoopConf shippedConf = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        DatasetStatistics total = new DatasetStatistics(TableSchemas.CHANNELS);
        int resumed = 0;
        long decoded = 0;
        long done = 0;
        long started = System.nanoTime();
        DecodeProgress withinShard = new DecodeProgress(progress, plan.imagesToDecode(), PROGRESS_INTERVAL_MILLIS);
        spark.sparkContext().addSparkListener(withinShard);
        try {
            for (int k = 0; k < plan.shards().size(); k++) {
                List<WorkItem> shard = plan.shards().get(k);
                Optional<DatasetStatistics> finished = resuming ? staging.finishedShard(k) : Optional.empty();
                DatasetStatistics shardStats;
                if (finished.isPresent()) {
                    shardStats = finished.get();
                    resumed++;
                } else {
                    withinShard.startShard(done);
                    spark.sparkContext().setJobDescription(String.format(Locale.ROOT,
                            SHARD_JOB_DESCRIPTION + " %d/%d: decode, crop, resize %,d images", k + 1,
                            plan.shards().size(), shard.size()));
                    shardStats = processShard(spark, shard, preprocessor, shippedConf, staging.shardDir(k), tasksPerShard);
                    staging.markShardDone(k, shardStats);
                    decoded += shard.size();
                }
                total.merge(shardStats);
                done += shard.size();
                progress.accept(shardLine(k, plan, shard.size(), finished.isPresent(), done, decoded, started));
            }
        } finally {
            spark.sparkContext().removeSparkListener(withinShard);
            spark.sparkContext().setJobDescription(null);
        }
        return new ShardLoop(total, decoded, resumed);
    }

    private static List<String> listImages(Configuration hadoop, String imageDir, Consumer<String> progress)
            throws IOException {
        Path dir = new Path(imageDir);
        FileSystem fs = dir.getFileSystem(hadoop);
        List<String> names = new ArrayList<>();
        int ignored = 0;
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (status.isDirectory() || name.startsWith(".") || name.startsWith("_")) {
                ignored++;
            } else {
                names.add(name);
            }
        }
        if (ignored > 0) {
            progress.accept(ignored + " hidden file(s) or sub-folder(s) in " + imageDir
                    + " ignored (names starting with '.' or '_', and folders)");
        }
        return names;
    }

    private static void addPlannedRejects(WorkPlan plan, DatasetStatistics total) {
        for (RejectRecord r : plan.rejects()) {
            total.addRejects(r.reason(), r.split() == null ? null : Split.fromLabel(r.split()), 1,
                    r.path() != null ? r.path() : r.detail());
        }
    }

    /** Longest silence inside a shard before a progress line. */
    private static final long PROGRESS_INTERVAL_MILLIS = 10_000;

    /** Rejects per task when the driver ships the planned rejects: keeps each task near Spark's 1 MB advice. */
    private static final int REJECTS_PER_TASK = 5_000;

    private static void writeRejects(SparkSession spark, List<RejectRecord> rejects, Path dir) {
        spark.sparkContext().setJobDescription(String.format(Locale.ROOT,
                "preprocess: write %,d rejects found in the annotations and the file listing", rejects.size()));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(1, (rejects.size() + REJECTS_PER_TASK - 1) / REJECTS_PER_TASK);
        JavaRDD<Row> rows = jsc.parallelize(rejects, slices)
                .map(r -> RowFactory.create(r.imageId(), r.path(), r.split(), r.reason().code(), r.detail()));
        // Not coalesced: one writer per slice keeps every task small and the write parallel.
        spark.createDataFrame(rows, TableSchemas.REJECTS).write().mode(SaveMode.Overwrite).parquet(dir.toString());
    }

    private static DatasetStatistics processShard(SparkSession spark, List<WorkItem> shard, FacePreprocessor preprocessor,
                                                  SerializableHadoopConf conf, Path dir, int tasksPerShard) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int tasks = tasksPerShard > 0 ? tasksPerShard : 4 * jsc.defaultParallelism();
        tasks = Math.max(1, Math.min(tasks, shard.size()));
        StatisticsAccumulator statistics = new StatisticsAccumulator();
        spark.sparkContext().register(statistics, "preprocess statistics");
        CollectionAccumulator<RejectRecord> rejects = spark.sparkContext().collectionAccumulator("preprocess rejects");
        JavaRDD<Row> rows = jsc.parallelize(WorkSlice.cut(shard, tasks), tasks)
                .mapPartitions(new DecodePartition(preprocessor, conf, statistics, rejects));
        // No dictionary encoding: every pixels value is unique, so Parquet would hash 12 KB values for nothing.
        spark.createDataFrame(rows, TableSchemas.TENSORS).write().mode(SaveMode.Overwrite)
                .option("parquet.enable.dictionary", "false").partitionBy(TableSchemas.SPLIT)
                .parquet(new Path(dir, TableSchemas.TENSORS_DIR).toString());
        List<RejectRecord> rejected = new ArrayList<>(rejects.value());
        rejected.sort(Comparator.comparing(RejectRecord::imageId));
        if (!rejected.isEmpty()) {
            writeRejects(spark, rejected, new Path(dir, TableSchemas.REJECTS_DIR));
        }
        return statistics.value();
    }

    private static String shardLine(int k, WorkPlan plan, int size, boolean resumed, long done, long decoded,
                                    long decodeStarted) {
        int total = plan.imagesToDecode();
        double elapsed = (System.nanoTime() - decodeStarted) / 1e9;
        double rate = elapsed > 0 ? decoded / elapsed : 0;
        String eta = rate > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
        return String.format(Locale.ROOT, "shard %d/%d %s: %,d images; %,d/%,d done (%.1f%%), %.0f images/s%s",
                k + 1, plan.shards().size(), resumed ? "taken from the interrupted run" : "decoded", size, done,
                total, 100.0 * done / Math.max(1, total), rate, eta);
    }

    private static void checkRejectFraction(DatasetStatistics total, int existing, double limit, StagingArea staging) {
        long failures = total.failures();
        double fraction = existing == 0 ? 0 : (double) failures / existing;
        if (existing == 0) {
            throw new RejectLimitExceededException("no image of the input could be matched to an annotation row:"
                    + " check that --input points at the CelebA root and that the image folder is not empty");
        }
        if (fraction > limit) {
            RejectReason commonest = total.commonestFailure();
            throw new RejectLimitExceededException(String.format(Locale.ROOT,
                    "%,d of %,d images (%.2f%%) were rejected, above preprocess.max-reject-fraction = %s;"
                            + " commonest reason: %s (%,d), e.g. %s. The rejects are in %s (Parquet);"
                            + " fix the input, or raise the limit if these losses are acceptable",
                    failures, existing, 100 * fraction, limit, commonest.code(),
                    total.rejectsByReason().get(commonest), total.example(commonest), staging.root()));
        }
    }

    private static Manifest manifest(PreprocessRequest request, CelebaSource source, CelebaAnnotations annotations,
                                     FacePreprocessor preprocessor, ImageSpec spec, DatasetStatistics stats,
                                     long skippedByLimit) {
        Map<String, Manifest.SplitSummary> splits = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            Map<String, Double> rates = new LinkedHashMap<>();
            for (int i = 0; i < CelebaAttributes.COUNT; i++) {
                double rate = stats.positiveRate(split, i);
                rates.put(CelebaAttributes.NAMES.get(i), Double.isNaN(rate) ? null : rate);
            }
            splits.put(split.label(), new Manifest.SplitSummary(stats.images(split), stats.missing(split),
                    stats.rejected(split), rates));
        }
        Map<String, Long> rejects = new LinkedHashMap<>();
        stats.rejectsByReason().forEach((reason, n) -> rejects.put(reason.code(), n));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("attributes", source.attributesFile());
        files.put("partition", source.partitionFile());
        files.put("identity", source.identityFileOrNull());
        files.put("images", source.imageDir());
        return new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, spec.outputSize(), spec.outputSize(),
                TableSchemas.CHANNELS, "CHW", "uint8", spec.expectedWidth(), spec.expectedHeight(), spec.crop(),
                "area", preprocessor.describe(), CelebaAttributes.NAMES, Split.TRAIN.label(),
                stats.channelMean(), stats.channelStd(), splits, rejects, skippedByLimit,
                new Manifest.Source(source.layout().name(), source.root(), files, annotations.sha256ByFile(),
                        annotations.warnings()),
                BuildInfo.codeVersion(), Instant.now().toString(), request.configJson());
    }
}
