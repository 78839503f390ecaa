package io.celebaspark.train.data;

import io.celebaspark.app.AppConfig;
import io.celebaspark.data.Split;
import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.preprocess.PreprocessJob;
import io.celebaspark.preprocess.PreprocessRequest;
import io.celebaspark.synth.SyntheticCeleba;
import io.celebaspark.testing.SharedSparkSession;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local-mode tests of reading a preprocessed folder into DL4J minibatches. */
class MinibatchRddTest extends SharedSparkSession {
    private static final List<String> LABELS = List.of("Male", "Smiling", "Eyeglasses");

    @TempDir
    static Path shared;
    private static Path data;

    @BeforeAll
    static void preprocess() throws IOException {
        Path celeba = shared.resolve("celeba");
        SyntheticCeleba.write(celeba, 120, 11, n -> { });
        data = shared.resolve("data");
        PreprocessJob.run(spark(), new PreprocessRequest(celeba.toString(), data.toString(), false,
                AppConfig.load(null, Map.of("preprocess.shard-size", "100")).preprocess(), "{}"), line -> { });
    }

    private static TensorDataset open() {
        return TensorDataset.open(spark(), data.toString(), LABELS);
    }

    @Test
    void batchesCoverTheSplitWithFullBatchesAndTheRightShapes() {
        TensorDataset ds = open();
        int batchSize = 8;
        JavaRDD<DataSet> batches = MinibatchRdd.minibatches(ds.split(Split.TRAIN), ds.batches(CNN2DFormat.NCHW),
                batchSize, 42, 0, true);
        List<List<long[]>> shapes = batches
                .map(b -> new long[]{b.numExamples(), b.getFeatures().size(1), b.getFeatures().size(2),
                        b.getFeatures().size(3), b.getLabels().size(0), b.getLabels().size(1)})
                .glom().collect();
        long examples = 0;
        for (List<long[]> partition : shapes) {
            for (int i = 0; i < partition.size(); i++) {
                long[] s = partition.get(i);
                examples += s[0];
                if (i < partition.size() - 1) {
                    assertEquals(batchSize, s[0], "only a partition's last batch may be short");
                }
                assertTrue(s[0] >= 1 && s[0] <= batchSize);
                assertArrayEquals(new long[]{s[0], 3, 64, 64, s[0], LABELS.size()}, s);
            }
        }
        assertTrue(ds.count(Split.TRAIN) > batchSize, "test needs several batches");
        assertEquals(ds.count(Split.TRAIN), examples);
    }

    @Test
    void aBatchOfOneIsExactlyTheRowWithItsTableLabels() {
        TensorDataset ds = open();
        TensorBatches tb = ds.batches(CNN2DFormat.NCHW);
        Row known = ds.split(Split.VAL).orderBy("image_id").first();
        boolean[] flags = new boolean[LABELS.size()];
        float[] expectedLabels = new float[LABELS.size()];
        for (int j = 0; j < flags.length; j++) {
            flags[j] = known.getBoolean(known.fieldIndex(LABELS.get(j)));
            expectedLabels[j] = flags[j] ? 1f : 0f;
        }
        DataSet expected = tb.toDataSet(List.of(new LabelledPixels(known.getString(0), (byte[]) known.get(1), flags)));

        List<DataSet> all = MinibatchRdd.minibatches(ds.split(Split.VAL), tb, 1, 3, 0, false).collect();
        assertEquals(ds.count(Split.VAL), all.size());
        List<DataSet> matches = all.stream().filter(b -> b.getFeatures().equals(expected.getFeatures())).toList();
        assertEquals(1, matches.size(), "the known image appears exactly once");
        assertArrayEquals(expectedLabels, matches.get(0).getLabels().toFloatVector());
    }

    @Test
    void sameSeedAndEpochGiveTheSameBatchesAndAnotherEpochAnotherOrder() {
        TensorDataset ds = open();
        Dataset<Row> train = ds.split(Split.TRAIN);
        DataSet a = MinibatchRdd.minibatches(train, ds.batches(CNN2DFormat.NCHW), 16, 7, 2, true).first();
        DataSet b = MinibatchRdd.minibatches(train, ds.batches(CNN2DFormat.NCHW), 16, 7, 2, true).first();
        assertEquals(a.getFeatures(), b.getFeatures());
        assertEquals(a.getLabels(), b.getLabels());
        DataSet unflipped = MinibatchRdd.minibatches(train, ds.batches(CNN2DFormat.NCHW), 16, 7, 2, false).first();
        assertNotEquals(a.getFeatures(), unflipped.getFeatures(), "flips change some images");
        DataSet nextEpoch = MinibatchRdd.minibatches(train, ds.batches(CNN2DFormat.NCHW), 16, 7, 3, false).first();
        assertNotEquals(unflipped.getFeatures(), nextEpoch.getFeatures(), "a new epoch reorders");
    }

    @Test
    void aMissingManifestIsNamed() throws IOException {
        Path empty = Files.createDirectories(shared.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorDataset.open(spark(), empty.toString(), LABELS));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void aBrokenManifestIsNamed() throws IOException {
        Path broken = Files.createDirectories(shared.resolve("broken"));
        Files.writeString(broken.resolve("manifest.json"), "{not json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorDataset.open(spark(), broken.toString(), LABELS));
        assertTrue(e.getMessage().contains("broken/manifest.json"), e.getMessage());
    }

    @Test
    void anUnknownLabelIsNamedWithTheNearestValidOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorDataset.open(spark(), data.toString(), List.of("Male", "Smilling")));
        assertTrue(e.getMessage().contains("'Smilling'") && e.getMessage().contains("did you mean 'Smiling'"),
                e.getMessage());
    }
}
