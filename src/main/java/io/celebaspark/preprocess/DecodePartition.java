package io.celebaspark.preprocess;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.RejectReason;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageRejectedException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The executor side of preprocessing: reads each image's bytes from the (distributed) filesystem and runs
 * them through the one {@link FacePreprocessor} that predict also uses. Never throws for a bad image:
 * each becomes a row with a reason, so one corrupt file cannot kill a task and nothing is dropped silently.
 */
final class DecodePartition implements FlatMapFunction<Iterator<WorkItem>, Row> {
    private static final long serialVersionUID = 1L;

    private final FacePreprocessor preprocessor;
    private final SerializableHadoopConf hadoopConf;

    DecodePartition(FacePreprocessor preprocessor, SerializableHadoopConf hadoopConf) {
        this.preprocessor = preprocessor;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public Iterator<Row> call(Iterator<WorkItem> items) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Row next() {
                return decode(items.next());
            }
        };
    }

    Row decode(WorkItem item) {
        byte[] encoded;
        try {
            encoded = read(item.path());
        } catch (IOException e) {
            return reject(item, RejectReason.UNDECODABLE, "cannot read file: " + e);
        }
        try {
            return accept(item, preprocessor.toChw(encoded));
        } catch (ImageRejectedException e) {
            return reject(item, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            return reject(item, RejectReason.UNDECODABLE, "decoder failed: " + e);
        }
    }

    private byte[] read(String file) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(hadoopConf.get());
        try (FSDataInputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

    private static Row accept(WorkItem item, byte[] chw) {
        int plane = chw.length / TableSchemas.CHANNELS;
        long[] sums = new long[TableSchemas.CHANNELS * 2];
        for (int c = 0; c < TableSchemas.CHANNELS; c++) {
            long sum = 0;
            long squares = 0;
            for (int i = c * plane, end = i + plane; i < end; i++) {
                int v = chw[i] & 0xFF;
                sum += v;
                squares += v * v;
            }
            sums[2 * c] = sum;
            sums[2 * c + 1] = squares;
        }
        return row(item, chw, null, null, sums);
    }

    private static Row reject(WorkItem item, RejectReason reason, String detail) {
        return row(item, null, reason.code(), detail, new long[TableSchemas.CHANNELS * 2]);
    }

    private static Row row(WorkItem item, byte[] pixels, String reason, String detail, long[] sums) {
        List<Object> values = new ArrayList<>(TableSchemas.DECODED.size());
        values.add(item.imageId());
        values.add(item.identity());
        values.add(pixels);
        for (int i = 0; i < CelebaAttributes.COUNT; i++) {
            values.add(CelebaAttributes.isSet(item.attributeBits(), i));
        }
        values.add(item.split());
        values.add(item.path());
        values.add(reason);
        values.add(detail);
        for (long s : sums) {
            values.add(s);
        }
        return RowFactory.create(values.toArray());
    }
}
