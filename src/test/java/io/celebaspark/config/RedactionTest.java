package io.celebaspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactionTest {
    @Test
    void keysThatSparkRedactsAndKeyMaterialLookSecret() {
        for (String key : List.of("spark.authenticate.secret", "spark.ssl.keyStorePassword", "spark.ssl.trustStorePassword",
                "spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key", "fs.s3a.accesskey",
                "spark.kubernetes.authenticate.submission.oauthToken", "spark.yarn.credentials.file",
                "train.private-key", "tls.private.key", "API_TOKEN", "Password")) {
            assertTrue(Redaction.isSecret(key), key);
        }
        for (String key : List.of("spark.authenticate", "spark.master", "train.seed", "schedule.min-delta",
                "spark.kryo.registrator", "train.labels", "spark.ssl.keyStore", "spark.network.crypto.keyLength")) {
            assertFalse(Redaction.isSecret(key), key);
        }
    }

    @Test
    void aConfigKeepsEverythingButTheValuesOfSecretLookingPaths() {
        Config config = ConfigFactory.parseString("""
                train { seed = 3, labels = [Male], api-token = abc123 }
                storage { credentials { user = u, pass = p } }
                """);
        Config redacted = Redaction.config(config);
        assertEquals(3, redacted.getInt("train.seed"));
        assertEquals(List.of("Male"), redacted.getStringList("train.labels"));
        assertEquals(Redaction.REPLACEMENT, redacted.getString("train.api-token"));
        assertEquals(Redaction.REPLACEMENT, redacted.getString("storage.credentials.user"));
        assertEquals(Redaction.REPLACEMENT, redacted.getString("storage.credentials.pass"));
        String rendered = redacted.root().render();
        for (String secret : List.of("abc123", "= u", "\"u\"", "\"p\"")) {
            assertFalse(rendered.contains(secret), secret + " in " + rendered);
        }
        Config plain = ConfigFactory.parseString("train { seed = 3 }");
        assertEquals(plain, Redaction.config(plain));
    }

    @Test
    void theResolvedJsonOfARunHidesSecretsAndAnErrorNeverQuotesOne() {
        String json = ConfigLoader.renderJson(ConfigFactory.parseString("train { seed = 1, access-key = AKIA0000 }"));
        assertEquals("{\"train\":{\"access-key\":\"" + Redaction.REPLACEMENT + "\",\"seed\":1}}", json);

        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("spark.authenticate.secret", "hunter2");
        sets.put("train.seeed", "4");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(null, sets));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("--set spark.authenticate.secret=" + Redaction.REPLACEMENT), e.getMessage());
        assertTrue(e.getMessage().contains("--set train.seeed=4"), e.getMessage());
    }
}
