package io.celebaspark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelCard;
import io.celebaspark.synth.SyntheticCeleba;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.TestModels;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code submit/serve.sh} through spark-submit and the shaded jar (OpenCV's natives and cascades from the
 * jar): started on a free loopback port, asked for the model and for a photo's faces, then stopped.
 */
@Tag("e2e")
class ServeIT {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/serve");
    private static final List<String> LABELS = List.of("Male", "Smiling");

    @Test
    void serveAnswersTheApiOnLoopbackAndStops() throws Exception {
        SyntheticCeleba.write(WORK.resolve("celeba"), 1, 4, n -> { });
        Path photo = WORK.resolve("celeba/Img/img_align_celeba/000001.jpg");
        Path model = WORK.resolve("model");
        ModelBundle.save(model.toString(), TestModels.network(LABELS.size(), 2),
                ModelCard.of("it-serve", ModelCard.FINAL, 1, LABELS, TestModels.spec(LABELS.size(), 2), null),
                TestModels.manifest(), "{}", new Configuration());
        ProcessBuilder pb = new ProcessBuilder("bash", SubmitScript.PROJECT.resolve("submit/serve.sh").toString(),
                "--model", model.toString(), "--port", "0").directory(SubmitScript.PROJECT.toFile())
                .redirectErrorStream(true);
        pb.environment().put("CELEBA_WORK_DIR", WORK.resolve("scratch").toString());
        pb.environment().put("CELEBA_DRIVER_MEMORY", "2g");
        pb.environment().remove("SPARK_HOME");
        Process serve = pb.start();
        StringBuilder output = new StringBuilder();
        try {
            String url = null;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; url == null && (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith("serving it-serve at ")) {
                        url = line.substring("serving it-serve at ".length(), line.indexOf(' ', 20));
                    }
                }
                assertNotNull(url, "serve.sh never said where it listens:\n" + output);
                assertTrue(url.startsWith("http://127.0.0.1:"), url);
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> card = http.send(HttpRequest.newBuilder(URI.create(url + "api/model")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, card.statusCode(), card.body());
                HttpResponse<String> faces = http.send(HttpRequest.newBuilder(URI.create(url + "api/predict"))
                        .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(photo)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, faces.statusCode(), faces.body());
                JsonNode face = new ObjectMapper().readTree(faces.body()).get("faces").get(0);
                assertEquals("as-is", face.get("alignment").asText());
                assertTrue(face.get("Male").asDouble(-1) >= 0, faces.body());
                HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(url + "api/predict"))
                        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, text.statusCode(), text.body());
            }
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve.sh did not stop on SIGTERM");
        }
        assertTrue(Files.isDirectory(model));
    }
}
