package io.celebaspark.train.data;

import io.celebaspark.model.LabelledPixels;
import io.celebaspark.tensors.TableSchemas;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;

/**
 * Reads {@link TensorDataset#split} rows ({@code image_id}, {@code pixels}, then the label columns) as
 * {@link LabelledPixels}. Column positions are resolved once on the driver from the schema, so the
 * per-row work on the executors is plain index access, and every reader of training rows agrees on which
 * columns are labels.
 */
public final class PixelRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int idIndex;
    private final int pixelsIndex;
    private final int[] labelIndexes;

    private PixelRows(int idIndex, int pixelsIndex, int[] labelIndexes) {
        this.idIndex = idIndex;
        this.pixelsIndex = pixelsIndex;
        this.labelIndexes = labelIndexes;
    }

    /** Every column other than {@code image_id} and {@code pixels} is a label, in schema order. */
    public static PixelRows of(StructType schema) {
        int idIndex = schema.fieldIndex(TableSchemas.IMAGE_ID);
        int pixelsIndex = schema.fieldIndex(TableSchemas.PIXELS);
        int[] labelIndexes = new int[schema.size() - 2];
        for (int i = 0, j = 0; i < schema.size(); i++) {
            if (i != idIndex && i != pixelsIndex) {
                labelIndexes[j++] = i;
            }
        }
        return new PixelRows(idIndex, pixelsIndex, labelIndexes);
    }

    public int labels() {
        return labelIndexes.length;
    }

    public LabelledPixels read(Row row) {
        boolean[] labels = new boolean[labelIndexes.length];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = row.getBoolean(labelIndexes[j]);
        }
        return new LabelledPixels(row.getString(idIndex), (byte[]) row.get(pixelsIndex), labels);
    }
}
