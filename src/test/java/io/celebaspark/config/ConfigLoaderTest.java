package io.celebaspark.config;

import io.celebaspark.app.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aRunRecordedBeforeAKeyExistedReadsBackWithItsDefault() {
        String json = ConfigLoader.renderJson(ConfigLoader.load(null, Map.of("schedule.kind", "batch-growth")));
        com.typesafe.config.Config old = com.typesafe.config.ConfigFactory.parseString(json)
                .withoutPath("schedule.batch-growth").withoutPath("train.fast-batchnorm");
        String oldJson = old.root().render(com.typesafe.config.ConfigRenderOptions.concise());
        assertTrue(!oldJson.contains("realise") && !oldJson.contains("fast-batchnorm"), oldJson);
        com.typesafe.config.Config read = ConfigLoader.recorded(oldJson);
        assertEquals("scale-up", read.getString("schedule.batch-growth.realise"));
        assertEquals("batch-growth", read.getString("schedule.kind"), "recorded values win");
        assertTrue(read.getBoolean("train.fast-batchnorm"));
    }

    @Test
    void defaultsComeFromReferenceConf() {
        AppConfig config = AppConfig.load(null, Map.of());
        assertEquals(64, config.preprocess().image().outputSize());
        assertEquals(178, config.preprocess().image().crop().width());
        assertEquals(20, config.preprocess().image().crop().y());
        assertEquals(0.01, config.preprocess().maxRejectFraction());
        assertEquals("local[*]", config.cluster().master());
    }

    @Test
    void layersApplyInOrderSetOverFileOverReference() throws IOException {
        Path file = Files.writeString(dir.resolve("user.conf"), "preprocess.image-size = 128\npreprocess.limit = 7\n");
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("preprocess.limit", "9");
        AppConfig config = AppConfig.load(file, sets);
        assertEquals(128, config.preprocess().image().outputSize());
        assertEquals(9, config.preprocess().limit());
        assertTrue(config.resolvedJson().contains("\"image-size\":128"), config.resolvedJson());
    }

    @Test
    void unknownKeyInFileNamesKeyFileAndSuggestion() throws IOException {
        Path file = Files.writeString(dir.resolve("typo.conf"), "preprocess {\n  image-szie = 128\n}\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AppConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("'preprocess.image-szie'"), e.getMessage());
        assertTrue(e.getMessage().contains("typo.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'preprocess.image-size'"), e.getMessage());
    }

    @Test
    void unknownKeyFromSetIsRejectedToo() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> AppConfig.load(null, Map.of("preprocess.max-reject-fractoin", "0.5")));
        assertTrue(e.getMessage().contains("did you mean 'preprocess.max-reject-fraction'"), e.getMessage());
        assertTrue(e.getMessage().contains("--set"), e.getMessage());
    }

    @Test
    void serveSettingsDefaultToLoopbackAndBadOnesNameTheirKey() {
        ServeSettings serve = AppConfig.load(null, Map.of()).serve();
        assertEquals("127.0.0.1", serve.host());
        assertEquals(10 << 20, serve.maxUploadBytes());
        for (Map.Entry<String, String> bad : Map.of("serve.max-faces", "0", "serve.port", "70000",
                "serve.max-upload-bytes", "-1", "serve.host", "\"\"").entrySet()) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> AppConfig.load(null, Map.of(bad.getKey(), bad.getValue())));
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }

    @Test
    void invalidValueNamesKeyValueAndConstraint() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> AppConfig.load(null, Map.of("preprocess.image-size", "4")));
        assertEquals("preprocess.image-size = 4 is invalid (from --set preprocess.image-size=4): must be between 8 and 178",
                e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndExpectedType() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> AppConfig.load(null, Map.of("preprocess.max-reject-fraction", "lots")));
        assertTrue(e.getMessage().startsWith("preprocess.max-reject-fraction = \"lots\" is invalid"), e.getMessage());
        assertTrue(e.getMessage().endsWith("must be a number"), e.getMessage());
    }

    @Test
    void cropBoxMustFitTheSourceImage() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> AppConfig.load(null, Map.of("preprocess.crop.width", "200")));
        assertTrue(e.getMessage().startsWith("preprocess.crop.width = 200 is invalid"), e.getMessage());
        assertTrue(e.getMessage().contains("between 1 and 178"), e.getMessage());
    }

    @Test
    void sparkSystemPropertiesAreNotOurBusiness() {
        System.setProperty("spark.jars", "x.jar");
        try {
            assertEquals(64, AppConfig.load(null, Map.of()).preprocess().image().outputSize());
        } finally {
            System.clearProperty("spark.jars");
        }
    }

    @Test
    void systemPropertyOverridesUnderOurNamespace() {
        System.setProperty("preprocess.shard-size", "500");
        try {
            assertEquals(500, AppConfig.load(null, Map.of()).preprocess().shardSize());
        } finally {
            System.clearProperty("preprocess.shard-size");
        }
    }

    @Test
    void missingConfigFileIsAClearError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> AppConfig.load(dir.resolve("nope.conf"), Map.of()));
        assertTrue(e.getMessage().contains("nope.conf does not exist"), e.getMessage());
    }

    @Test
    void setValueWithColonStaysAString() {
        assertEquals("spark://host:7077", AppConfig.load(null, Map.of("cluster.master", "spark://host:7077")).cluster().master());
    }
}
