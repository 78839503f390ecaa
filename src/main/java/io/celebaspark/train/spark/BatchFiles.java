package io.celebaspark.train.spark;

import io.celebaspark.fs.SerializableHadoopConf;
import io.celebaspark.model.LabelledPixels;
import io.celebaspark.train.data.MinibatchRdd;
import io.celebaspark.train.data.PixelRows;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One epoch's shuffled minibatches as compact files of uint8 pixels (~12 KB per 64×64 image), one file
 * per worker minibatch, written by the executors into a scratch folder that every executor can read.
 *
 * <p>Why files: DL4J's parameter averaging runs one Spark job per averaging round. Training on an RDD of
 * DataSets ({@code RDDTrainingApproach.Direct}) re-evaluates the whole input lineage in every round unless
 * the DataSets are persisted, and persisted float DataSets of full CelebA are 8 GB. A file per minibatch
 * lets each round read only its own files ({@code fitPaths}), keeps pixels as bytes until the worker needs
 * them, and costs one sequential write of the dataset per epoch.
 *
 * <p>Format (big-endian): magic, examples n, labels L, bytes per image P, flip (boolean), batch seed
 * (long: the flip draws and the worker's dropout masks for this batch), then n × (L label bytes, P pixel
 * bytes). Order and flips follow {@link MinibatchRdd}'s policy: rows in {@link MinibatchRdd#shuffled}
 * order; batch seeds from (seed, epoch, partition), so a batch is reproducible from (seed, epoch).
 */
final class BatchFiles {
    static final int MAGIC = 0x43424231; // "CBB1"
    static final String SUFFIX = ".batch";

    private BatchFiles() {
    }

    /** A minibatch as read back: the rows, and the flip setting and seed it was written with. */
    record Batch(List<LabelledPixels> rows, boolean flip, long seed) {
    }

    /**
     * Writes the epoch's minibatches of {@code batchSize} rows (a partition's last one may be smaller) under
     * {@code dir} and returns their paths, sorted, so the caller can hand DL4J a fixed list instead of a
     * lineage it would re-run.
     */
    static List<String> write(Dataset<Row> rows, int batchSize, long seed, int epoch, boolean flip, String dir,
                              SerializableHadoopConf hadoop) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        PixelRows reader = PixelRows.of(rows.schema());
        List<String> paths = new ArrayList<>(MinibatchRdd.shuffled(rows, seed, epoch).javaRDD()
                .mapPartitionsWithIndex((partition, it) -> {
                    SplittableRandom seeds = new SplittableRandom(MinibatchRdd.mix(seed, epoch, partition));
                    FileSystem fs = withoutChecksums(new Path(dir).getFileSystem(hadoop.get()));
                    List<String> written = new ArrayList<>();
                    List<LabelledPixels> batch = new ArrayList<>(batchSize);
                    while (it.hasNext()) {
                        batch.add(reader.read(it.next()));
                        if (batch.size() == batchSize || !it.hasNext()) {
                            Path file = new Path(dir, String.format(Locale.ROOT, "part-%05d-%06d%s", partition,
                                    written.size(), SUFFIX));
                            try (OutputStream out = fs.create(file, false)) {
                                writeBatch(out, batch, flip, seeds.nextLong());
                            }
                            written.add(file.toString());
                            batch.clear();
                        }
                    }
                    return written.iterator();
                }, true).collect());
        Collections.sort(paths);
        return paths;
    }

    /**
     * The raw file system under a checksummed one (Hadoop's {@code file:} scheme). Through Hadoop's checksummed
     * local file system every file gets a {@code .crc} beside it, and each of the two is created with an explicit
     * permission that Hadoop applies by running {@code chmod} in a child process: two processes per minibatch
     * file, 286 per epoch of the sample, ~1 s of a 24 s epoch. These files live for one epoch and are read once
     * (a missing {@code .crc} is not an error when reading), so neither checksum nor permission is worth that.
     */
    static FileSystem withoutChecksums(FileSystem fs) {
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    static void writeBatch(OutputStream stream, List<LabelledPixels> rows, boolean flip, long seed) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        LabelledPixels first = rows.get(0);
        out.writeInt(MAGIC);
        out.writeInt(rows.size());
        out.writeInt(first.labels().length);
        out.writeInt(first.pixels().length);
        out.writeBoolean(flip);
        out.writeLong(seed);
        for (LabelledPixels row : rows) {
            if (row.labels().length != first.labels().length || row.pixels().length != first.pixels().length) {
                throw new IllegalArgumentException("image " + row.imageId() + " differs in shape from "
                        + first.imageId() + " in the same minibatch");
            }
            for (boolean label : row.labels()) {
                out.writeByte(label ? 1 : 0);
            }
            out.write(row.pixels());
        }
        out.flush();
    }

    static Batch readBatch(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException(name + " is not a minibatch file written by " + BatchFiles.class.getName());
        }
        int n = in.readInt();
        int labels = in.readInt();
        int pixels = in.readInt();
        boolean flip = in.readBoolean();
        long seed = in.readLong();
        List<LabelledPixels> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean[] l = new boolean[labels];
            for (int j = 0; j < labels; j++) {
                l[j] = in.readByte() != 0;
            }
            byte[] px = new byte[pixels];
            in.readFully(px);
            rows.add(new LabelledPixels(name + "#" + i, px, l));
        }
        return new Batch(rows, flip, seed);
    }

    /** Deletes an epoch's folder and everything in it. */
    static void delete(String dir, SerializableHadoopConf hadoop) {
        try {
            Path path = new Path(dir);
            path.getFileSystem(hadoop.get()).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the epoch's minibatch files in " + dir, e);
        }
    }
}
