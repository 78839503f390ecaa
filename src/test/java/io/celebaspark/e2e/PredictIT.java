package io.celebaspark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelCard;
import io.celebaspark.synth.SyntheticCeleba;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import io.celebaspark.testing.TestModels;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code submit/predict.sh} through spark-submit and the shaded jar, on a bundle saved here and synthetic photos. */
@Tag("e2e")
class PredictIT {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/predict");
    private static final List<String> LABELS = List.of("Male", "Smiling", "Eyeglasses");

    @Test
    void predictPrintsOneJsonLinePerPhotoAndAnErrorRowForABadOne() throws Exception {
        SyntheticCeleba.write(WORK.resolve("celeba"), 3, 9, n -> { });
        Path photos = WORK.resolve("celeba/Img/img_align_celeba");
        Path bad = Files.writeString(WORK.resolve("broken.jpg"), "not a photo");
        Path model = WORK.resolve("model");
        ModelBundle.save(model.toString(), TestModels.network(LABELS.size(), 1),
                ModelCard.of("it", ModelCard.FINAL, 1, LABELS, TestModels.spec(LABELS.size(), 1), null),
                TestModels.manifest(), "{}", new Configuration());

        Run run = SubmitScript.run(WORK, Map.of("CELEBA_WORK_DIR", WORK.resolve("scratch").toString(),
                        "CELEBA_DRIVER_MEMORY", "2g"), Duration.ofMinutes(10), "predict.sh",
                "--model", model.toString(), "--format", "json", photos.toString(), bad.toString());

        assertEquals(1, run.exit(), run.output());
        assertTrue(run.lastLine().startsWith("predict failed: 1 of 4 images could not be scored"), run.output());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = run.output().lines().filter(l -> l.startsWith("{\"image\": "))
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError(l, e);
                    }
                }).toList();
        assertEquals(4, rows.size(), run.output());
        for (JsonNode row : rows.subList(0, 3)) {
            for (String label : LABELS) {
                double p = row.get(label).asDouble(-1);
                assertTrue(p >= 0 && p <= 1, row.toString());
            }
        }
        assertEquals(bad.toString(), rows.get(3).get("image").asText());
        assertTrue(rows.get(3).has("error"), rows.get(3).toString());
    }
}
