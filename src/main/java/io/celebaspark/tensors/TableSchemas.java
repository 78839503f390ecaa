package io.celebaspark.tensors;

import io.celebaspark.data.CelebaAttributes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The column layout of the tables the preprocess job writes (docs/architecture.md). The tensors table carries
 * everything training needs and nothing else.
 */
public final class TableSchemas {
    /** The data folder's layout: {@code tensors/}, {@code rejects/} and {@code manifest.json}. */
    public static final String TENSORS_DIR = "tensors";
    public static final String REJECTS_DIR = "rejects";
    public static final String MANIFEST_FILE = "manifest.json";

    public static final String IMAGE_ID = "image_id";
    public static final String IDENTITY = "identity";
    public static final String PIXELS = "pixels";
    public static final String SPLIT = "split";
    public static final String PATH = "path";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";

    /** RGB. */
    public static final int CHANNELS = 3;

    /** The tensors table: image_id, identity, pixels (uint8 CHW), the 40 attributes, split (partition column). */
    public static final StructType TENSORS;
    /** The rejects table. */
    public static final StructType REJECTS = new StructType(new StructField[]{
            DataTypes.createStructField(IMAGE_ID, DataTypes.StringType, true),
            DataTypes.createStructField(PATH, DataTypes.StringType, true),
            DataTypes.createStructField(SPLIT, DataTypes.StringType, true),
            DataTypes.createStructField(REASON, DataTypes.StringType, false),
            DataTypes.createStructField(DETAIL, DataTypes.StringType, true)});
    static {
        List<StructField> tensors = new ArrayList<>();
        tensors.add(DataTypes.createStructField(IMAGE_ID, DataTypes.StringType, false));
        tensors.add(DataTypes.createStructField(IDENTITY, DataTypes.IntegerType, false));
        tensors.add(DataTypes.createStructField(PIXELS, DataTypes.BinaryType, true));
        for (String name : CelebaAttributes.NAMES) {
            tensors.add(DataTypes.createStructField(name, DataTypes.BooleanType, false));
        }
        tensors.add(DataTypes.createStructField(SPLIT, DataTypes.StringType, false));
        TENSORS = new StructType(tensors.toArray(StructField[]::new));
    }

    private TableSchemas() {
    }

    /** Names of the tensors table's columns, in order. */
    public static String[] tensorColumns() {
        return TENSORS.fieldNames();
    }
}
