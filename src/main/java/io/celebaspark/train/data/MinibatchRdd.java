package io.celebaspark.train.data;

import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.tensors.TableSchemas;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Turns tensors-table rows into an RDD of DL4J minibatches, built where the rows are (docs/architecture.md: one
 * {@link DataSet} per batch inside {@code mapPartitions} was the fastest way into DL4J). Rows never travel
 * to the driver, and a partition is consumed lazily, one batch in memory at a time.
 *
 * <p>Order: each epoch the rows are hash-repartitioned on {@code xxhash64(image_id, seed, epoch)} into the
 * input's number of partitions and sorted within partitions by that key (image id breaking ties). Unlike
 * {@code orderBy} this needs no sampling pass, and unlike {@code rand()} it does not depend on which file
 * a row came from or the order tasks read them, so the same (seed, epoch) gives the same batches and a
 * new epoch mixes images across files and partitions.
 */
public final class MinibatchRdd {
    private static final String ORDER = "_minibatch_order";

    private MinibatchRdd() {
    }

    /**
     * @param rows      {@code image_id}, {@code pixels} and label columns (all other columns, in order), as
     *                  {@link TensorDataset#split} gives them
     * @param batchSize examples per batch; the last batch of each partition may be smaller
     * @param flip      mirror each image left–right with probability ½, drawn from a generator seeded by
     *                  (seed, epoch, partition index)
     */
    public static JavaRDD<DataSet> minibatches(Dataset<Row> rows, TensorBatches batches, int batchSize,
                                               long seed, int epoch, boolean flip) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        PixelRows reader = PixelRows.of(rows.schema());
        return shuffled(rows, seed, epoch).javaRDD().mapPartitionsWithIndex((index, it) -> {
            SplittableRandom flips = flip ? new SplittableRandom(mix(seed, epoch, index)) : null;
            return new Batches(it, batches, batchSize, reader, flips);
        }, true);
    }

    /**
     * The epoch's order (see the class comment): the same rows, hash-repartitioned on
     * {@code xxhash64(image_id, seed, epoch)} into the input's number of partitions and sorted within them.
     * Public so every consumer of training rows (minibatch RDDs, batch files) follows one order policy.
     */
    public static Dataset<Row> shuffled(Dataset<Row> rows, long seed, int epoch) {
        Column key = xxhash64(col(TableSchemas.IMAGE_ID), lit(seed), lit(epoch));
        int partitions = Math.max(1, rows.rdd().getNumPartitions());
        return rows.withColumn(ORDER, key)
                .repartition(partitions, col(ORDER))
                .sortWithinPartitions(col(ORDER), col(TableSchemas.IMAGE_ID))
                .drop(ORDER);
    }

    /** One seed per (seed, epoch, partition), spread by SplitMix64's finaliser so neighbours are unrelated. */
    public static long mix(long seed, int epoch, int partition) {
        long z = seed;
        z = finalise(z + 0x9E3779B97F4A7C15L * (epoch + 1L));
        z = finalise(z + 0x9E3779B97F4A7C15L * (partition + 1L));
        return z;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static final class Batches implements Iterator<DataSet> {
        private final Iterator<Row> rows;
        private final TensorBatches batches;
        private final int batchSize;
        private final PixelRows reader;
        private final SplittableRandom flips;

        Batches(Iterator<Row> rows, TensorBatches batches, int batchSize, PixelRows reader, SplittableRandom flips) {
            this.rows = rows;
            this.batches = batches;
            this.batchSize = batchSize;
            this.reader = reader;
            this.flips = flips;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public DataSet next() {
            if (!rows.hasNext()) {
                throw new NoSuchElementException();
            }
            List<LabelledPixels> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && rows.hasNext()) {
                batch.add(reader.read(rows.next()));
            }
            return flips == null ? batches.toDataSet(batch) : batches.toDataSet(batch, flips);
        }
    }
}
