package io.celebaspark.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celebaspark.app.AppConfig;
import io.celebaspark.config.ServeSettings;
import io.celebaspark.image.BgrImage;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelCard;
import io.celebaspark.predict.Prediction;
import io.celebaspark.predict.PredictionFormat;
import io.celebaspark.predict.Predictor;
import io.celebaspark.synth.FaceInPhoto;
import io.celebaspark.synth.SyntheticCeleba;
import io.celebaspark.testing.CelebaSample;
import io.celebaspark.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page's JSON API in process, on an ephemeral loopback port, with a small untrained model. */
class WebServerTest {
    private static final List<String> LABELS = List.of("Male", "Smiling");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_UPLOAD = 300_000;

    @TempDir
    static Path tmp;
    private static Predictor predictor;
    private static WebServer server;
    private static HttpClient http;
    private static Path photos;

    @BeforeAll
    static void start() throws IOException {
        SyntheticCeleba.write(tmp.resolve("celeba"), 3, 7, n -> { });
        photos = tmp.resolve("celeba/Img/img_align_celeba");
        ModelCard card = ModelCard.of("run-web", ModelCard.FINAL, 2, LABELS, TestModels.spec(LABELS.size(), 3), null);
        predictor = Predictor.of(new ModelBundle(TestModels.network(LABELS.size(), 3), card, TestModels.manifest(), "{}"));
        ServeSettings defaults = AppConfig.load(null, Map.of()).serve();
        server = WebServer.start(predictor, card, new ServeSettings(defaults.host(), 0, MAX_UPLOAD, 2_000_000, 4, 2));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listensOnLoopbackByDefault() {
        assertEquals("127.0.0.1", AppConfig.load(null, Map.of()).serve().host());
        assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
    }

    @Test
    void describesTheModel() throws Exception {
        HttpResponse<String> r = get("api/model");
        assertEquals(200, r.statusCode());
        JsonNode m = JSON.readTree(r.body());
        assertEquals(LABELS, List.of(m.get("labels").get(0).asText(), m.get("labels").get(1).asText()));
        assertEquals(TestModels.SIZE, m.get("input_size").asInt());
        assertEquals("run-web", m.get("run_id").asText());
        assertEquals("[178,218]", m.get("aligned_size").toString());
    }

    @Test
    void servesThePage() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-testid=\"file\""), page.body());
        assertEquals(200, get("static/app.js").statusCode());
        assertEquals(404, get("nothing-here").statusCode());
    }

    /** An aligned crop is used as it is: the face object starts with exactly predict --format json's line. */
    @Test
    void anAlignedCropAnswersExactlyAsPredictDoes() throws Exception {
        Path photo = photos.resolve("000001.jpg");
        String line = PredictionFormat.json(predictor.predict(List.of(photo)).get(0), LABELS);
        HttpResponse<String> raw = post("api/predict?name=" + photo, "image/jpeg", Files.readAllBytes(photo));
        assertEquals(200, raw.statusCode(), raw.body());
        String face = raw.body().substring(raw.body().indexOf("[{") + 1);
        assertTrue(face.startsWith(line.substring(0, line.length() - 1) + ", \"box\":[0,0,178,218]"), face);
        JsonNode body = JSON.readTree(raw.body());
        assertEquals("as-is", body.get("faces").get(0).get("alignment").asText());

        HttpResponse<String> form = postForm("000001.jpg", Files.readAllBytes(photo));
        assertEquals(200, form.statusCode(), form.body());
        ObjectNode fromForm = (ObjectNode) JSON.readTree(form.body()).get("faces").get(0);
        fromForm.remove(List.of("box", "eyes", "alignment", "aligned"));
        assertEquals(JSON.readTree(line.replace(photo.toString(), "000001.jpg")), fromForm);
    }

    /**
     * The sample's first 30 validation crops through the API give exactly predict's line for the same file
     * (skipped without the sample). predict scores a folder 64 images per forward pass, and a batch's
     * arithmetic may differ from a single image's in the last float digits: that difference is bounded here.
     */
    @Test
    void theSamplesValidationCropsAnswerExactlyAsPredictDoes() throws Exception {
        Path images = CelebaSample.alignedImages();
        List<Path> val;
        try (Stream<String> rows = Files.lines(CelebaSample.root().resolve("Eval/list_eval_partition.txt"))) {
            val = rows.map(String::strip).filter(r -> r.endsWith(" 1")).map(r -> images.resolve(r.split(" ")[0]))
                    .filter(Files::isRegularFile).limit(30).toList();
        }
        assertEquals(30, val.size());
        List<Prediction> batched = predictor.predict(val);
        double worst = 0;
        for (int i = 0; i < val.size(); i++) {
            Prediction single = predictor.predict(List.of(val.get(i))).get(0);
            String line = PredictionFormat.json(single, LABELS);
            HttpResponse<String> r = post("api/predict?name=" + val.get(i), "image/jpeg", Files.readAllBytes(val.get(i)));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("[" + line.substring(0, line.length() - 1) + ", \"box\":[0,0,178,218]"),
                    val.get(i) + ": " + line + " vs " + r.body().substring(0, 200));
            for (int j = 0; j < LABELS.size(); j++) {
                worst = Math.max(worst, Math.abs(single.probabilities()[j] - batched.get(i).probabilities()[j]));
            }
        }
        System.out.println("WebServerTest: 30 validation crops, page = predict exactly; largest |p(batch of 30) -"
                + " p(one image)| = " + worst);
        assertTrue(worst < 1e-5, "batch vs single " + worst);
    }

    /** A real face (the sample's, enlarged and turned in a bigger photo) is found and aligned back. */
    @Test
    void findsAndAlignsAFaceInAPhoto() throws Exception {
        Path file;
        try (Stream<Path> files = Files.list(CelebaSample.alignedImages())) {
            file = files.sorted().findFirst().orElseThrow();
        }
        HttpResponse<String> r = post("api/predict", "image/png", FaceInPhoto.of(Files.readAllBytes(file)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode face = JSON.readTree(r.body()).get("faces").get(0);
        assertEquals("upload#face1", face.get("image").asText());
        assertTrue(face.get("aligned").asText().startsWith("data:image/png;base64,"));
        int x = face.get("box").get(0).asInt();
        assertTrue(x > 100 && x < 320, "box " + face.get("box"));
        for (String label : LABELS) {
            double p = face.get(label).asDouble();
            assertTrue(p >= 0 && p <= 1, label + " " + p);
        }
    }

    /** A group photo: two of the sample's faces side by side come back as #face1 (left) and #face2 (right). */
    @Test
    void findsEveryFaceLeftToRight() throws Exception {
        List<Path> two;
        try (Stream<Path> files = Files.list(CelebaSample.alignedImages())) {
            two = files.sorted().limit(2).toList();
        }
        FacePreprocessor decoder = new FacePreprocessor(ImageSpec.celebaDefault());
        BgrImage left = decoder.decodeAnySize(Files.readAllBytes(two.get(0)), 1_000_000);
        BgrImage right = decoder.decodeAnySize(Files.readAllBytes(two.get(1)), 1_000_000);
        BufferedImage group = new BufferedImage(2 * 178 + 120, 218 + 80,
                BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = group.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, group.getWidth(), group.getHeight());
        g.drawImage(left.toBufferedImage(), 40, 40, null);
        g.drawImage(right.toBufferedImage(), 40 + 178 + 40, 40, null);
        g.dispose();
        HttpResponse<String> r = post("api/predict?name=group.png", "image/png", BgrImage.of(group).png());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode faces = JSON.readTree(r.body()).get("faces");
        assertEquals(2, faces.size(), r.body());
        assertEquals("group.png#face1", faces.get(0).get("image").asText());
        assertEquals("group.png#face2", faces.get(1).get("image").asText());
        assertTrue(faces.get(0).get("box").get(0).asInt() < 40 + 178, faces.get(0).get("box").toString());
        assertTrue(faces.get(1).get("box").get(0).asInt() > 40 + 178, faces.get(1).get("box").toString());
    }

    @Test
    void refusesBadInputWithAClearMessageAndA4xx() throws Exception {
        assertError(post("api/predict", "text/plain", "hello, not a photo".getBytes(StandardCharsets.UTF_8)), 400, "not_an_image");
        byte[] jpeg = Files.readAllBytes(photos.resolve("000002.jpg"));
        assertError(post("api/predict", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)), 400, "truncated");
        assertError(post("api/predict", "image/jpeg", new byte[0]), 400, "zero_byte");
        assertError(post("api/predict", "image/jpeg", new byte[MAX_UPLOAD + 1]), 413, "too_large");
        assertError(post("api/predict", "image/png", blank(2000, 1001).png()), 413, "too_large");
        assertError(post("api/predict", "image/png", blank(400, 300).png()), 422, "no_face");
        assertError(post("api/predict", "multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nabc"
                .getBytes(StandardCharsets.UTF_8)), 400, "corrupt_upload");
        assertError(postFormField("photo", "a.jpg", jpeg), 400, "no_image_field");
        assertError(get("api/predict"), 405, "method_not_allowed");
    }

    /** Many requests at once: each is answered or refused with 429, none fails, and the answers are right. */
    @Test
    void manyRequestsAtOnceAreAnsweredOrRefusedWith429() throws Exception {
        Path photo = photos.resolve("000003.jpg");
        byte[] bytes = Files.readAllBytes(photo);
        String expected = JSON.readTree(post("api/predict", "image/jpeg", bytes).body()).get("faces").get(0).get("Male").asText();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(http.sendAsync(request("api/predict").header("Content-Type", "image/jpeg")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) {
                ok++;
                assertEquals(expected, JSON.readTree(r.body()).get("faces").get(0).get("Male").asText());
            } else {
                assertError(r, 429, "busy");
            }
        }
        assertTrue(ok >= 1, "no request was answered");
    }

    private static BgrImage blank(int w, int h) {
        byte[] bgr = new byte[3 * w * h];
        Arrays.fill(bgr, (byte) 200);
        return new BgrImage(w, h, bgr);
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code, body.get("code").asText(), r.body());
        assertTrue(body.get("error").asText().length() > 10, r.body());
        assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), r.body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return http.send(request(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(String filename, byte[] content) throws Exception {
        return postFormField("image", filename, content);
    }

    private static HttpResponse<String> postFormField(String field, String filename, byte[] content) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary = "----celebaTestBoundary";
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post("api/predict", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }
}
