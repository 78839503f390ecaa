package io.celebaspark.bench;

import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.tensors.TableSchemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.CNN2DFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random uint8 images with random labels, drawn in process from a seed, in the two shapes the trainers take:
 * {@link LabelledPixels} for a loop in one JVM and rows of the tensors table's columns for the Spark
 * trainer. Speed does not depend on what the pixels show, so a speed benchmark needs no data folder.
 *
 * @param images   the images, in id order
 * @param labels   label (attribute) names, one boolean column each in {@link #rows}
 * @param channels channels of every image (CHW layout, as the tensors table stores them)
 * @param size     height and width
 */
public record SyntheticImages(List<LabelledPixels> images, List<String> labels, int channels, int size) {

    public SyntheticImages {
        images = List.copyOf(images);
        labels = List.copyOf(labels);
    }

    public static SyntheticImages draw(int count, int channels, int size, List<String> labels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledPixels> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] pixels = new byte[channels * size * size];
            random.nextBytes(pixels);
            boolean[] truth = new boolean[labels.size()];
            for (int j = 0; j < truth.length; j++) {
                truth[j] = random.nextBoolean();
            }
            images.add(new LabelledPixels(String.format("%06d.jpg", i), pixels, truth));
        }
        return new SyntheticImages(images, labels, channels, size);
    }

    /** Normalisation as a manifest of uniformly random bytes would give it (mean 127.5, std ~73.9). */
    public TensorBatches batches(CNN2DFormat layout) {
        double[] mean = new double[channels];
        double[] std = new double[channels];
        Arrays.fill(mean, 127.5);
        Arrays.fill(std, Math.sqrt((256.0 * 256.0 - 1) / 12));
        return new TensorBatches(channels, size, size, mean, std, labels.size(), layout);
    }

    /** The images as {@code TensorDataset.split} gives rows ({@code image_id}, {@code pixels}, labels), cached. */
    public Dataset<Row> rows(SparkSession spark, int partitions) {
        StructType schema = new StructType()
                .add(TableSchemas.IMAGE_ID, DataTypes.StringType, false)
                .add(TableSchemas.PIXELS, DataTypes.BinaryType, false);
        for (String label : labels) {
            schema = schema.add(label, DataTypes.BooleanType, false);
        }
        List<Row> rows = new ArrayList<>(images.size());
        for (LabelledPixels image : images) {
            Object[] values = new Object[2 + labels.size()];
            values[0] = image.imageId();
            values[1] = image.pixels();
            for (int j = 0; j < labels.size(); j++) {
                values[2 + j] = image.labels()[j];
            }
            rows.add(RowFactory.create(values));
        }
        Dataset<Row> dataset = spark.createDataFrame(rows, schema).repartition(partitions).cache();
        dataset.count();
        return dataset;
    }
}
