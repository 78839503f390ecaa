package io.celebaspark.model;

import io.celebaspark.tensors.Manifest;
import io.celebaspark.testing.TestModels;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.celebaspark.testing.ArrayAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBundleTest {
    private static final List<String> LABELS = List.of("Male", "Smiling");
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path tmp;

    private static MultiLayerNetwork trainedALittle() {
        MultiLayerNetwork net = TestModels.network(LABELS.size(), 5);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, TestModels.SIZE, TestModels.SIZE, 3);
        INDArray y = Nd4j.create(new float[]{1, 0, 0, 1, 1, 1, 0, 0}, new long[]{4, 2});
        net.fit(x, y); // moves weights, BatchNorm running statistics and Adam's state away from their start
        return net;
    }

    private static ModelCard card(String kind, int epoch) {
        return ModelCard.of("run-1", kind, epoch, LABELS, TestModels.spec(LABELS.size(), 5), null);
    }

    private Path saved() {
        Path dir = tmp.resolve("models/best");
        ModelBundle.save(dir.toString(), trainedALittle(), card(ModelCard.BEST, 3), TestModels.manifest(),
                "{\"train\":{\"epochs\":3}}", HADOOP);
        return dir;
    }

    @Test
    void aSavedNetworkLoadsWithIdenticalOutputsUpdaterStateAndMetadata() {
        MultiLayerNetwork net = trainedALittle();
        Path dir = tmp.resolve("models/best");
        Manifest manifest = TestModels.manifest();
        ModelCard card = card(ModelCard.BEST, 3);
        ModelBundle.save(dir.toString(), net, card, manifest, "{\"a\":1}", HADOOP);

        ModelBundle loaded = ModelBundle.load(dir.toString(), HADOOP);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, TestModels.SIZE, TestModels.SIZE, 3);
        assertEquals(net.output(x, false), loaded.network().output(x, false));
        assertEquals(net.params(), loaded.network().params());
        assertEquals(net.getUpdater().getStateViewArray(), loaded.network().getUpdater().getStateViewArray());
        assertEquals(card, loaded.card());
        assertEquals(manifest.toJson(), loaded.manifest().toJson());
        assertEquals("{\"a\":1}", loaded.config());
    }

    @Test
    void theCardIsSnakeCaseJsonWithFormatAndProvenance() throws IOException {
        String json = Files.readString(saved().resolve(ModelBundle.CARD_FILE));
        for (String key : List.of("\"format\" : \"celeba-spark/model\"", "\"format_version\" : 2",
                "\"input_layout\" : \"NHWC\"", "\"run_id\" : \"run-1\"",
                "\"kind\" : \"best\"", "\"epoch\" : 3", "\"input_height\" : 32", "\"code_version\"", "\"created_at\"",
                "\"val_loss\" : null", "\"architecture\" : \"compact\"")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        assertNull(ModelCard.fromJson(json, "x").valAccMean());
    }

    @Test
    void savingAgainReplacesTheBundleAndLeavesNothingElseBehind() throws IOException {
        Path dir = saved();
        ModelBundle.save(dir.toString(), trainedALittle(), card(ModelCard.FINAL, 9), TestModels.manifest(), "{}",
                HADOOP);
        assertEquals(9, ModelBundle.load(dir.toString(), HADOOP).card().epoch());
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            assertEquals(List.of("best"), siblings.map(p -> p.getFileName().toString()).toList());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("config.json", "manifest.json", "model.json", "model.zip"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no hidden .crc files");
        }
    }

    @Test
    void aFolderThatIsNotABundleSaysWhichFileIsMissing() throws IOException {
        Path dir = saved();
        Files.delete(dir.resolve(ModelBundle.CONFIG_FILE));
        String message = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(dir.toString(), HADOOP)).getMessage();
        assertTrue(message.contains("no config.json") && message.contains("model.zip, model.json"), message);

        String none = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(tmp.resolve("nowhere").toString(), HADOOP)).getMessage();
        assertTrue(none.startsWith("no model at ") && none.contains("nowhere"), none);

        String file = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(dir.resolve(ModelBundle.MODEL_FILE).toString(), HADOOP)).getMessage();
        assertTrue(file.contains("is a file") && file.contains("give the folder"), file);
    }

    @Test
    void aModelZipThatIsNotADl4jNetworkIsNamed() throws IOException {
        Path dir = saved();
        Files.writeString(dir.resolve(ModelBundle.MODEL_FILE), "not a zip");
        String message = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(dir.toString(), HADOOP)).getMessage();
        assertTrue(message.contains("model.zip is not a DL4J network"), message);
    }

    @Test
    void aCardOfAnotherFormatVersionIsRefused() throws IOException {
        Path dir = saved();
        Path card = dir.resolve(ModelBundle.CARD_FILE);
        Files.writeString(card, Files.readString(card).replace("\"format_version\" : 2", "\"format_version\" : 7"));
        String message = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(dir.toString(), HADOOP)).getMessage();
        assertTrue(message.contains("model.json has format celeba-spark/model v7") && message.contains("reads"),
                message);
    }

    @Test
    void aCardWhoseLabelsDoNotMatchTheOutputsIsRefused() throws IOException {
        Path dir = saved();
        Path card = dir.resolve(ModelBundle.CARD_FILE);
        Files.writeString(card, Files.readString(card).replace("\"Smiling\"", "\"Smiling\", \"Eyeglasses\""));
        String message = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(dir.toString(), HADOOP)).getMessage();
        assertTrue(message.contains("lists 3 labels") && message.contains("has 2 outputs"), message);

        assertThrows(IllegalArgumentException.class, () -> ModelBundle.save(tmp.resolve("other").toString(),
                TestModels.network(3, 1), card(ModelCard.BEST, 1), TestModels.manifest(), "{}", HADOOP));
        assertTrue(Files.notExists(tmp.resolve("other")));
    }

    /**
     * What the build before NHWC wrote: an NCHW network and a v1 card with no {@code input_layout}. It loads as
     * NCHW and computes what it computed when saved.
     */
    @Test
    void aBundleFromBeforeLayoutsWereRecordedLoadsAsNchw() throws IOException {
        Path dir = tmp.resolve("models/old");
        MultiLayerNetwork net = TestModels.saveBundleFromBeforeNhwc(dir, LABELS, 5);

        ModelBundle loaded = ModelBundle.load(dir.toString(), HADOOP);
        assertEquals(1, loaded.card().formatVersion());
        assertEquals(CNN2DFormat.NCHW, loaded.card().inputLayout());
        assertEquals(CNN2DFormat.NCHW, NetworkFactory.inputLayout(loaded.network()));
        assertEquals(CacheMode.NONE, net.getLayerWiseConfigurations().getCacheMode(), "saved as before the cache");
        assertEquals(NetworkFactory.FORWARD_CACHE, loaded.network().getLayerWiseConfigurations().getCacheMode());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, TestModels.SIZE, TestModels.SIZE);
        assertEquals(net.output(x, false), loaded.network().output(x, false));
    }

    /**
     * What the build before the fused ReLU wrote (BatchNorm, then a ReLU layer): it loads as it was saved and
     * predicts what it predicted; its parameters give today's fused network the same predictions.
     */
    @Test
    void aBundleWithReluLayersLoadsWithThemAndPredictsTheSame() {
        Path dir = tmp.resolve("models/relu-layers");
        MultiLayerNetwork net = TestModels.saveBundleFromBeforeFusedRelu(dir, LABELS, 5);

        MultiLayerNetwork loaded = ModelBundle.load(dir.toString(), HADOOP).network();
        assertTrue(NetworkFactory.describeComputation(loaded).endsWith("ReLU a layer of its own"),
                NetworkFactory.describeComputation(loaded));
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, TestModels.SIZE, TestModels.SIZE, 3);
        assertEquals(net.output(x, false), loaded.output(x, false));
        MultiLayerNetwork fused = TestModels.network(LABELS.size(), 5);
        assertTrue(NetworkFactory.describeComputation(fused).endsWith("ReLU fused"));
        fused.setParams(loaded.params());
        assertClose(net.output(x, false), fused.output(x, false), 1e-6, "today's fused network, same parameters");
    }

    @Test
    void aCardWhoseLayoutIsNotTheNetworksIsRefused() throws IOException {
        Path dir = saved();
        Path card = dir.resolve(ModelBundle.CARD_FILE);
        String nhwc = Files.readString(card);
        Files.writeString(card, nhwc.replace("\"NHWC\"", "\"NCHW\""));
        String message = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(dir.toString(), HADOOP)).getMessage();
        assertTrue(message.contains("says the input is NCHW but the network takes NHWC"), message);

        Files.writeString(card, nhwc);
        TestModels.writeCardAsVersion1(card); // a v1 card means NCHW: not this network
        assertThrows(IllegalArgumentException.class, () -> ModelBundle.load(dir.toString(), HADOOP));

        Files.writeString(card, nhwc.replaceAll("\\s*\"input_layout\" : \"NHWC\",", ""));
        String missing = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(dir.toString(), HADOOP)).getMessage();
        assertTrue(missing.contains("has no input_layout"), missing);
    }
}
