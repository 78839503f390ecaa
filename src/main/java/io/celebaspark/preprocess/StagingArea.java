package io.celebaspark.preprocess;

import io.celebaspark.fs.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a preprocess run writes before its output exists: a hidden sibling of the output folder, on the
 * same filesystem, so the final step is a rename and a crashed run never leaves a table that looks
 * complete. It also makes the run resumable: each finished shard leaves a marker with its statistics, and
 * a re-run with the same plan fingerprint skips those shards.
 */
final class StagingArea {
    private static final String PLAN = "_PLAN";
    private static final String DONE = "_SHARD_DONE";

    private final FileSystem fs;
    private final Path output;
    private final Path root;

    StagingArea(Configuration conf, String output) throws IOException {
        this.output = new Path(output);
        this.fs = this.output.getFileSystem(conf);
        Path qualified = fs.makeQualified(this.output);
        this.root = new Path(qualified.getParent(), "." + qualified.getName() + ".staging");
    }

    Path root() {
        return root;
    }

    /** Refuses an output that exists, for a run not asked to replace it. */
    void requireNoOutput() throws IOException {
        HadoopFiles.requireAbsent(fs, output, "data folder", "pass --overwrite to replace it (the old one is removed"
                + " only after the new one is complete), or give --output another folder");
    }

    /**
     * Opens the staging area for a plan: keeps finished shards when the fingerprint matches the one left by
     * an earlier run of the same plan, and starts clean otherwise (also after a crash during the final
     * assembly, which had already moved shard files).
     *
     * @return whether an earlier run's shards are kept
     */
    boolean open(String fingerprint) throws IOException {
        Path plan = new Path(root, PLAN);
        // A run that crashed while assembling the final tree had moved shard files already: start clean.
        if (fs.exists(plan) && !fs.exists(finalDir()) && fingerprint.equals(HadoopFiles.readText(fs, plan))) {
            return true;
        }
        fs.delete(root, true);
        fs.mkdirs(root);
        HadoopFiles.writeText(fs, plan, fingerprint);
        return false;
    }

    Path shardDir(int shard) {
        return new Path(root, String.format("shards/%05d", shard));
    }

    Path annotationRejectsDir() {
        return new Path(root, "annotation-rejects");
    }

    Path finalDir() {
        return new Path(root, "final");
    }

    /** The statistics a finished shard left, or empty when it did not finish (its files are then removed). */
    Optional<DatasetStatistics> finishedShard(int shard) throws IOException {
        Path marker = new Path(shardDir(shard), DONE);
        if (fs.exists(marker)) {
            try (ObjectInputStream in = new ObjectInputStream(fs.open(marker))) {
                return Optional.of((DatasetStatistics) in.readObject());
            } catch (IOException | ClassNotFoundException | ClassCastException e) {
                // A marker from another build of the code: redo the shard.
            }
        }
        fs.delete(shardDir(shard), true);
        return Optional.empty();
    }

    void markShardDone(int shard, DatasetStatistics stats) throws IOException {
        Path tmp = new Path(shardDir(shard), DONE + ".tmp");
        try (ObjectOutputStream out = new ObjectOutputStream(fs.create(tmp, true))) {
            out.writeObject(stats);
        }
        rename(tmp, new Path(shardDir(shard), DONE));
    }

    /**
     * Moves the Parquet files of one written table into the final tree under {@code table}, renamed
     * {@code part-<prefix>-<n>.parquet} in a stable order so that the same input gives the same file names.
     */
    void collect(Path writtenTable, String table, String prefix) throws IOException {
        if (!fs.exists(writtenTable)) {
            return;
        }
        collectRecursive(writtenTable, new Path(finalDir(), table), prefix);
    }

    private void collectRecursive(Path from, Path to, String prefix) throws IOException {
        FileStatus[] entries = fs.listStatus(from);
        Arrays.sort(entries);
        int n = 0;
        for (FileStatus e : entries) {
            String name = e.getPath().getName();
            if (e.isDirectory()) {
                collectRecursive(e.getPath(), new Path(to, name), prefix);
            } else if (name.endsWith(".parquet")) {
                fs.mkdirs(to);
                rename(e.getPath(), new Path(to, String.format("part-%s-%05d.snappy.parquet", prefix, n++)));
            }
        }
    }

    void writeFinalFile(String name, String content) throws IOException {
        HadoopFiles.writeText(fs, new Path(finalDir(), name), content);
    }

    /**
     * Puts the final tree in place of the output (an old output, with {@code --overwrite}, is replaced as
     * {@link HadoopFiles#publish} does), then deletes the staging area.
     */
    void publish() throws IOException {
        fs.mkdirs(finalDir());
        HadoopFiles.publish(fs, finalDir(), output);
        fs.delete(root, true);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }
}
