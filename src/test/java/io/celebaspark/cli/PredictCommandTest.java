package io.celebaspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celebaspark.image.BgrImage;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelCard;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.synth.FaceInPhoto;
import io.celebaspark.synth.SyntheticCeleba;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.testing.CelebaSample;
import io.celebaspark.testing.TestModels;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code predict} in process, on synthetic CelebA photos and a small saved model. */
class PredictCommandTest {
    private static final List<String> LABELS = List.of("Male", "Smiling");

    @TempDir
    static Path tmp;
    private static Path photos;
    private static Path model;
    private static MultiLayerNetwork net;

    record Result(int exit, String out, String err) {
        String lastErrLine() {
            String[] lines = err.strip().split("\n");
            return lines[lines.length - 1];
        }

        List<String> outLines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        }
    }

    @BeforeAll
    static void photosAndModel() throws IOException {
        SyntheticCeleba.write(tmp.resolve("celeba"), 5, 3, n -> { });
        photos = tmp.resolve("celeba/Img/img_align_celeba");
        net = TestModels.network(LABELS.size(), 11);
        model = save("model", TestModels.manifest());
    }

    static Path save(String name, Manifest manifest) {
        Path dir = tmp.resolve(name);
        ModelBundle.save(dir.toString(), net, ModelCard.of("run-1", ModelCard.FINAL, 1, LABELS,
                TestModels.spec(LABELS.size(), 11), null), manifest, "{}", new Configuration());
        return dir;
    }

    static Result predict(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("predict"));
        all.addAll(List.of(args));
        int exit = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Path> photoFiles() throws IOException {
        try (Stream<Path> files = Files.list(photos)) {
            return files.sorted().toList();
        }
    }

    @Test
    void jsonLinesHoldEveryLabelInOrderWithTheNetworksProbabilities() throws Exception {
        Result r = predict("--model", model.toString(), "--format", "json", photos.toString());
        assertEquals(0, r.exit(), r.err());
        List<Path> files = photoFiles();
        List<String> lines = r.outLines();
        assertEquals(files.size(), lines.size(), r.out());

        float[] expected = direct(net, CNN2DFormat.NHWC, files);

        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"image\": \""), lines.get(i));
            JsonNode node = json.readTree(lines.get(i));
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            assertEquals(List.of("image", "Male", "Smiling"), keys);
            assertEquals(files.get(i).toString(), node.get("image").asText());
            for (int j = 0; j < LABELS.size(); j++) {
                double p = node.get(LABELS.get(j)).asDouble();
                assertTrue(p >= 0 && p <= 1, lines.get(i));
                assertEquals(expected[i * 2 + j], p, 1e-6, files.get(i) + " " + LABELS.get(j));
            }
        }
    }

    /**
     * A bundle saved before NHWC (an NCHW network, a v1 card without {@code input_layout}) predicts what its
     * network computes on NCHW minibatches, as the build that saved it did.
     */
    @Test
    void aBundleFromBeforeNhwcPredictsAsItsNchwNetworkDid() throws Exception {
        Path dir = tmp.resolve("before-nhwc");
        MultiLayerNetwork old = TestModels.saveBundleFromBeforeNhwc(dir, LABELS, 12);

        Result r = predict("--model", dir.toString(), "--format", "json", photos.toString());
        assertEquals(0, r.exit(), r.err());
        List<Path> files = photoFiles();
        float[] expected = direct(old, CNN2DFormat.NCHW, files);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = r.outLines();
        assertEquals(files.size(), lines.size(), r.out());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = json.readTree(lines.get(i));
            for (int j = 0; j < LABELS.size(); j++) {
                assertEquals(expected[i * 2 + j], node.get(LABELS.get(j)).asDouble(), 1e-6, lines.get(i));
            }
        }
    }

    /**
     * The photos through the preprocess job's class and the training normalisation in {@code layout}, straight
     * into {@code network}: what predict must answer, computed without it.
     */
    private static float[] direct(MultiLayerNetwork network, CNN2DFormat layout, List<Path> files)
            throws Exception {
        FacePreprocessor preprocessor = new FacePreprocessor(ImageSpec.celeba(TestModels.SIZE));
        List<LabelledPixels> batch = new ArrayList<>();
        for (Path f : files) {
            batch.add(new LabelledPixels(f.toString(), preprocessor.toChw(Files.readAllBytes(f)), new boolean[2]));
        }
        return network.output(TensorBatches.forManifest(TestModels.manifest(), 2, layout).toDataSet(batch)
                .getFeatures(), false).ravel().toFloatVector();
    }

    @Test
    void theTableHasAHeaderAndOneAlignedRowPerImage() throws Exception {
        Path one = photoFiles().get(0);
        Result r = predict("--model", model.toString(), one.toString(), photos.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.outLines();
        assertEquals(1 + 1 + photoFiles().size(), lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("image ") && lines.get(0).endsWith("  Male  Smiling"), lines.get(0));
        for (String row : lines.subList(1, lines.size())) {
            assertEquals(lines.get(0).length(), row.length(), "aligned: " + row);
            assertTrue(row.matches(".*\\.jpg +0\\.\\d{4} +0\\.\\d{4}"), row);
        }
    }

    @Test
    void aBadPhotoGetsAnErrorRowTheOthersAreAnsweredAndTheExitIsOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(photoFiles().get(0), dir.resolve("a.jpg"));
        Files.writeString(dir.resolve("b.jpg"), "not a jpeg at all");
        ImageIO.write(new BufferedImage(100, 100, BufferedImage.TYPE_3BYTE_BGR), "png", dir.resolve("c.png").toFile());
        Files.writeString(dir.resolve("notes.txt"), "ignored: not an image extension");

        Result r = predict("--model", model.toString(), "--format", "json", dir.toString());
        assertEquals(1, r.exit(), r.err());
        List<String> lines = r.outLines();
        assertEquals(3, lines.size(), r.out());
        ObjectMapper json = new ObjectMapper();
        assertTrue(json.readTree(lines.get(0)).has("Male"), lines.get(0));
        JsonNode bad = json.readTree(lines.get(1));
        assertEquals(dir.resolve("b.jpg").toString(), bad.get("image").asText());
        assertTrue(bad.get("error").asText().startsWith("not_an_image"), lines.get(1));
        assertTrue(json.readTree(lines.get(2)).get("error").asText().contains("expected 178x218"), lines.get(2));
        assertTrue(r.lastErrLine().startsWith("predict failed: 2 of 3 images could not be scored"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace for bad photos: " + r.err());

        Result fast = predict("--model", model.toString(), "--fail-fast", dir.toString());
        assertEquals(1, fast.exit());
        assertEquals(3, fast.outLines().size(), "header, a.jpg, then the error row of b.jpg: " + fast.out());
        assertTrue(fast.lastErrLine().contains("b.jpg"), fast.err());
    }

    /**
     * {@code --faces}: an aligned crop is used as it is (the same line as without it), a face in a bigger photo
     * is found and named IMAGE#face1, and a photo without a face gets a no_face error row.
     */
    @Test
    void facesFindsAndAlignsFacesInRealPhotos() throws Exception {
        Path aligned = photos.resolve("000001.jpg");
        Path dir = Files.createDirectories(tmp.resolve("faces"));
        Path blank = dir.resolve("blank.png");
        byte[] gray = new byte[3 * 300 * 200];
        Arrays.fill(gray, (byte) 90);
        Files.write(blank, new BgrImage(300, 200, gray).png());
        Result plain = predict("--model", model.toString(), "--format", "json", aligned.toString());
        Result faces = predict("--model", model.toString(), "--format", "json", "--faces", aligned.toString(),
                blank.toString());
        assertEquals(1, faces.exit(), faces.err());
        assertEquals(plain.outLines().get(0), faces.outLines().get(0));
        assertEquals("{\"image\": " + new ObjectMapper().writeValueAsString(blank.toString())
                + ", \"error\": \"no_face: no face was found in the photo\"}", faces.outLines().get(1));

        Path sampleFace;
        try (Stream<Path> files = Files.list(CelebaSample.alignedImages())) {
            sampleFace = files.sorted().findFirst().orElseThrow();
        }
        Path photo = dir.resolve("photo.png");
        Files.write(photo, FaceInPhoto.of(Files.readAllBytes(sampleFace)));
        Result found = predict("--model", model.toString(), "--format", "json", "--faces", photo.toString());
        assertEquals(0, found.exit(), found.err());
        JsonNode row = new ObjectMapper().readTree(found.outLines().get(0));
        assertEquals(photo + "#face1", row.get("image").asText());
        assertEquals(LABELS.size() + 1, row.size());
    }

    @Test
    void wrongArgumentsAreUsageErrors() throws IOException {
        Result noModel = predict("--model", tmp.resolve("nowhere").toString(), photos.toString());
        assertEquals(2, noModel.exit());
        assertTrue(noModel.lastErrLine().startsWith("predict: no model at ") && noModel.lastErrLine()
                .contains("model.zip, model.json, manifest.json, config.json"), noModel.err());

        Result notBundle = predict("--model", photos.toString(), photos.toString());
        assertEquals(2, notBundle.exit());
        assertTrue(notBundle.lastErrLine().contains("is not a model bundle: it has no model.zip"), notBundle.err());

        Result noImage = predict("--model", model.toString(), tmp.resolve("missing.jpg").toString());
        assertEquals(2, noImage.exit());
        assertTrue(noImage.lastErrLine().endsWith("no such image or folder: " + tmp.resolve("missing.jpg")),
                noImage.err());

        Result empty = predict("--model", model.toString(), Files.createDirectories(tmp.resolve("empty")).toString());
        assertEquals(2, empty.exit());
        assertTrue(empty.lastErrLine().contains("holds no .jpg, .jpeg or .png files"), empty.err());

        Result format = predict("--model", model.toString(), "--format", "xml", photos.toString());
        assertEquals(2, format.exit());
        assertEquals("predict: --format is table or json, not 'xml'", format.lastErrLine());
    }

    @Test
    void aModelWhoseManifestDoesNotMatchOrCannotBeReproducedIsRefused() throws IOException {
        Path shape = save("shape", TestModels.manifest());
        Path manifest = shape.resolve(ModelBundle.MANIFEST_FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"height\" : 32", "\"height\" : 64")
                .replace("\"width\" : 32", "\"width\" : 64"));
        Result r = predict("--model", shape.toString(), photos.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.lastErrLine().contains("takes 3x32x32 inputs but its data manifest describes 3x64x64"), r.err());

        Path resize = save("resize", TestModels.manifest());
        Path m2 = resize.resolve(ModelBundle.MANIFEST_FILE);
        Files.writeString(m2, Files.readString(m2).replace("\"resize\" : \"area\"", "\"resize\" : \"bilinear\""));
        Result b = predict("--model", resize.toString(), photos.toString());
        assertEquals(1, b.exit(), b.err());
        assertTrue(b.lastErrLine().contains("records resize 'bilinear'") && b.lastErrLine().contains("cannot prepare"),
                b.err());

        Path crop = save("crop", TestModels.manifest());
        Path m3 = crop.resolve(ModelBundle.MANIFEST_FILE);
        Files.writeString(m3, Files.readString(m3).replace("crop (0,20) 178x178", "crop (0,0) 178x178"));
        Result c = predict("--model", crop.toString(), photos.toString());
        assertEquals(1, c.exit(), c.err());
        assertTrue(c.lastErrLine().contains("records the preprocessor"), c.err());
    }
}
