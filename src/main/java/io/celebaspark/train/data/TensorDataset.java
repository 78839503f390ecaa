package io.celebaspark.train.data;

import io.celebaspark.config.LabelChoice;
import io.celebaspark.data.Split;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.tensors.TableSchemas;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.CNN2DFormat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * A preprocessed data folder ({@code tensors/} + {@code manifest.json}, docs/architecture.md) opened for training.
 * The manifest is read and validated first, on the driver, so a wrong path or a folder written by an
 * incompatible build fails at once with the file's name instead of deep inside a Spark job; the configured
 * labels are checked against the 40 CelebA attributes for the same reason (a typo gets a "did you mean").
 *
 * <p>{@link #split} gives only the columns a minibatch needs, so Parquet reads neither {@code identity} nor
 * the unused attribute columns, and the {@code split} partition column prunes whole directories.
 */
public final class TensorDataset {

    private final SparkSession spark;
    private final Path root;
    private final Manifest manifest;
    private final String manifestSha256;
    private final List<String> labels;

    private TensorDataset(SparkSession spark, Path root, Manifest manifest, String manifestSha256, List<String> labels) {
        this.spark = spark;
        this.root = root;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
        this.labels = labels;
    }

    /**
     * @param dataDir any Hadoop path of a folder written by {@code preprocess}
     * @param labels  attribute names to train on, in output order
     * @throws IllegalArgumentException when the manifest is missing, unreadable or of another format, or a
     *                                  label is unknown, repeated or none is given
     */
    public static TensorDataset open(SparkSession spark, String dataDir, List<String> labels) {
        List<String> checked = LabelChoice.check(labels);
        Path root = new Path(dataDir);
        Path manifestPath = new Path(root, TableSchemas.MANIFEST_FILE);
        String json = readManifest(spark, manifestPath);
        return new TensorDataset(spark, root, Manifest.fromJson(json, manifestPath.toString()), sha256(json), checked);
    }

    private static String readManifest(SparkSession spark, Path path) {
        String json;
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataInputStream in = fs.open(path)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("no " + path + ": is " + path.getParent()
                    + " a data folder written by `preprocess`?", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return json;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    /** SHA-256 of {@code manifest.json}: the data's identity in a run's provenance. */
    public String manifestSha256() {
        return manifestSha256;
    }

    public List<String> labels() {
        return labels;
    }

    /** Normalisation with the manifest's statistics, for the configured number of labels, in this layout. */
    public TensorBatches batches(CNN2DFormat layout) {
        return TensorBatches.forManifest(manifest, labels.size(), layout);
    }

    /** Images of a split according to the manifest: known without a Spark job; 0 when the split is absent. */
    public long count(Split split) {
        Manifest.SplitSummary summary = manifest.splits() == null ? null : manifest.splits().get(split.label());
        return summary == null ? 0 : summary.images();
    }

    /** One split's rows: {@code image_id}, {@code pixels}, then the configured label columns in order. */
    public Dataset<Row> split(Split split) {
        List<Column> columns = new ArrayList<>();
        columns.add(col(TableSchemas.IMAGE_ID));
        columns.add(col(TableSchemas.PIXELS));
        labels.forEach(l -> columns.add(col(l)));
        return spark.read().schema(TableSchemas.TENSORS).parquet(new Path(root, TableSchemas.TENSORS_DIR).toString())
                .where(col(TableSchemas.SPLIT).equalTo(split.label()))
                .select(columns.toArray(Column[]::new));
    }
}
