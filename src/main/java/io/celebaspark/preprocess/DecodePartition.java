package io.celebaspark.preprocess;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.RejectReason;
import io.celebaspark.data.Split;
import io.celebaspark.fs.SerializableHadoopConf;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.tensors.TableSchemas;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The executor side of preprocessing: reads each image's bytes from the (distributed) filesystem and runs
 * them through the one {@link FacePreprocessor} that predict also uses. Accepted images become rows of the
 * tensors table; every other image becomes a reject with its reason (never an exception, so one corrupt
 * file cannot kill a task, and never silently dropped). Counts, label positives and pixel sums are added
 * to a {@link StatisticsAccumulator} as the rows stream into the Parquet writer: one pass over the data.
 */
final class DecodePartition implements FlatMapFunction<Iterator<WorkSlice>, Row> {
    private static final long serialVersionUID = 1L;

    private final FacePreprocessor preprocessor;
    private final SerializableHadoopConf hadoopConf;
    private final StatisticsAccumulator statistics;
    private final CollectionAccumulator<RejectRecord> rejects;

    DecodePartition(FacePreprocessor preprocessor, SerializableHadoopConf hadoopConf, StatisticsAccumulator statistics,
                    CollectionAccumulator<RejectRecord> rejects) {
        this.preprocessor = preprocessor;
        this.hadoopConf = hadoopConf;
        this.statistics = statistics;
        this.rejects = rejects;
    }

    @Override
    public Iterator<Row> call(Iterator<WorkSlice> slices) {
        DatasetStatistics partition = new DatasetStatistics(TableSchemas.CHANNELS);
        return new Iterator<>() {
            private WorkSlice slice;
            private int index;
            private Row next;
            private boolean reported;

            @Override
            public boolean hasNext() {
                while (next == null && nextItem()) {
                    next = decode(slice.item(index++), partition);
                }
                if (next == null && !reported) {
                    reported = true;
                    statistics.add(partition);
                }
                return next != null;
            }

            private boolean nextItem() {
                while ((slice == null || index == slice.size()) && slices.hasNext()) {
                    slice = slices.next();
                    index = 0;
                }
                return slice != null && index < slice.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }

    /** The tensors row of an accepted image, or {@code null} after recording a reject. */
    private Row decode(WorkItem item, DatasetStatistics partition) {
        Split split = Split.fromLabel(item.split());
        RejectReason reason;
        String detail;
        try {
            byte[] chw = preprocessor.toChw(read(item.path()));
            addImage(partition, split, item.attributeBits(), chw);
            return row(item, chw);
        } catch (ImageRejectedException e) {
            reason = e.reason();
            detail = e.getMessage();
        } catch (IOException e) {
            reason = RejectReason.UNDECODABLE;
            detail = "cannot read file: " + e;
        } catch (RuntimeException e) {
            reason = RejectReason.UNDECODABLE;
            detail = "decoder failed: " + e;
        }
        rejects.add(new RejectRecord(item.imageId(), item.path(), item.split(), reason, detail));
        partition.addRejects(reason, split, 1, item.path());
        return null;
    }

    /**
     * The file's bytes. On the local file system they are read with {@code java.nio} directly: Hadoop's
     * {@code LocalFileSystem} costs ~0.2 ms per small file (a stream stack, a lookup of the {@code .crc}
     * side file, buffer copies), as much as half a decode. Any other file system (HDFS, S3, ...) goes
     * through Hadoop. The checksum layer skipped only verifies files that Hadoop itself wrote with a
     * {@code .crc} side file, which images unpacked from CelebA's archives never have.
     */
    private byte[] read(String file) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(hadoopConf.get());
        if (fs instanceof LocalFileSystem local) {
            return Files.readAllBytes(local.pathToFile(path).toPath());
        }
        try (FSDataInputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

    private static void addImage(DatasetStatistics partition, Split split, long attributeBits, byte[] chw) {
        partition.addImage(split, attributeBits);
        if (split != Split.TRAIN) {
            return;
        }
        int plane = chw.length / TableSchemas.CHANNELS;
        long[] sums = new long[TableSchemas.CHANNELS];
        long[] squares = new long[TableSchemas.CHANNELS];
        for (int c = 0; c < TableSchemas.CHANNELS; c++) {
            long sum = 0;
            long sq = 0;
            for (int i = c * plane, end = i + plane; i < end; i++) {
                int v = chw[i] & 0xFF;
                sum += v;
                sq += v * v;
            }
            sums[c] = sum;
            squares[c] = sq;
        }
        partition.addTrainPixels(sums, squares, plane);
    }

    private static Row row(WorkItem item, byte[] pixels) {
        Object[] values = new Object[TableSchemas.TENSORS.size()];
        int i = 0;
        values[i++] = item.imageId();
        values[i++] = item.identity();
        values[i++] = pixels;
        for (int a = 0; a < CelebaAttributes.COUNT; a++) {
            values[i++] = CelebaAttributes.isSet(item.attributeBits(), a);
        }
        values[i] = item.split();
        return RowFactory.create(values);
    }
}
