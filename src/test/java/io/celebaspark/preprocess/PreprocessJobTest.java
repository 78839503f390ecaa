package io.celebaspark.preprocess;

import io.celebaspark.app.AppConfig;
import io.celebaspark.config.PreprocessSettings;
import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.RejectReason;
import io.celebaspark.data.Split;
import io.celebaspark.fs.FolderExistsException;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.synth.SynthSummary;
import io.celebaspark.synth.SyntheticCeleba;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.testing.SharedSparkSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local-mode Spark tests of the preprocess job on small synthetic CelebA trees. */
class PreprocessJobTest extends SharedSparkSession {
    private static final int IMAGES = 240;

    @TempDir
    static Path shared;
    private static Path celeba;
    private static SynthSummary synth;

    @TempDir
    Path work;

    @BeforeAll
    static void drawFaces() throws IOException {
        celeba = shared.resolve("celeba");
        synth = SyntheticCeleba.write(celeba, IMAGES, 7, n -> { });
    }

    private static PreprocessSettings settings(String... sets) {
        Map<String, String> map = new HashMap<>();
        map.put("preprocess.shard-size", "100");
        for (String set : sets) {
            String[] kv = set.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return AppConfig.load(null, map).preprocess();
    }

    private static PreprocessResult preprocess(Path input, Path output, boolean overwrite, PreprocessSettings settings)
            throws IOException {
        return PreprocessJob.run(spark(), new PreprocessRequest(input.toString(), output.toString(), overwrite,
                settings, "{}"), line -> { });
    }

    private static Dataset<Row> tensors(Path data) {
        return spark().read().parquet(data.resolve("tensors").toString());
    }

    private static Map<String, byte[]> pixelsById(Path data) {
        return tensors(data).select("image_id", "pixels").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> (byte[]) r.get(1)));
    }

    @Test
    void synthToTensorsRoundTripsCountsPixelsLabelsAndStatistics() throws Exception {
        Path data = work.resolve("data");
        PreprocessResult result = preprocess(celeba, data, false, settings());

        Dataset<Row> t = tensors(data);
        assertEquals(List.of("image_id", "identity", "pixels"), List.of(t.columns()).subList(0, 3));
        assertTrue(List.of(t.columns()).containsAll(CelebaAttributes.NAMES));
        assertEquals(IMAGES, t.count());
        for (Split split : Split.values()) {
            long expected = synth.perSplit().getOrDefault(split, 0);
            assertEquals(expected, t.filter(t.col("split").equalTo(split.label())).count(), split.label());
            assertEquals(expected, result.manifest().splits().get(split.label()).images());
        }
        assertTrue(result.statistics().rejectsByReason().isEmpty(), "no rejects expected");

        // pixels round-trip: the stored tensor is exactly what the shared preprocessor makes of the file
        FacePreprocessor preprocessor = new FacePreprocessor(settings().image());
        Map<String, byte[]> stored = pixelsById(data);
        for (String id : List.of("000001.jpg", "000117.jpg", String.format("%06d.jpg", IMAGES))) {
            byte[] expected = preprocessor.toChw(Files.readAllBytes(celeba.resolve("Img/img_align_celeba").resolve(id)));
            assertArrayEquals(expected, stored.get(id), id);
        }

        // labels: the boolean columns equal the annotation file
        Map<String, String[]> annotations = readAttributeFile(celeba);
        for (Row r : t.select("image_id", "Male", "Smiling", "Eyeglasses").collectAsList()) {
            String[] values = annotations.get(r.getString(0));
            assertEquals(values[CelebaAttributes.indexOf("Male")].equals("1"), r.getBoolean(1));
            assertEquals(values[CelebaAttributes.indexOf("Smiling")].equals("1"), r.getBoolean(2));
            assertEquals(values[CelebaAttributes.indexOf("Eyeglasses")].equals("1"), r.getBoolean(3));
        }

        // manifest statistics equal an independent computation over the train tensors
        Manifest m = Manifest.fromJson(Files.readString(data.resolve("manifest.json")), "manifest.json");
        assertEquals(64, m.height());
        assertEquals("CHW", m.layout());
        double[] mean = new double[3];
        double[] squares = new double[3];
        long n = 0;
        for (Row r : t.filter("split = 'train'").select("pixels").collectAsList()) {
            byte[] p = (byte[]) r.get(0);
            int plane = p.length / 3;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    int v = p[c * plane + i] & 0xFF;
                    mean[c] += v;
                    squares[c] += (double) v * v;
                }
            }
            n += plane;
        }
        for (int c = 0; c < 3; c++) {
            double mu = mean[c] / n;
            assertEquals(mu, m.channelMean()[c], 1e-9);
            assertEquals(Math.sqrt(squares[c] / n - mu * mu), m.channelStd()[c], 1e-6);
        }
        for (String label : List.of("Male", "Smiling", "Eyeglasses")) {
            double expected = synth.positiveRates().get(label);
            assertTrue(Math.abs(expected - overallRate(result.statistics(), label)) < 1e-9, label);
        }
        assertFalse(Files.exists(data.resolveSibling(".data.staging")), "staging area is removed");
        assertTrue(m.source().checksums().values().stream().allMatch(s -> s.matches("[0-9a-f]{64}")));
    }

    private static double overallRate(DatasetStatistics s, String label) {
        long positives = 0;
        long images = 0;
        for (Split split : Split.values()) {
            positives += s.positives(split, CelebaAttributes.indexOf(label));
            images += s.images(split);
        }
        return (double) positives / images;
    }

    @Test
    void everyKindOfBadInputEndsInRejectsAndNowhereElse() throws IOException {
        Path bad = copyTree(celeba, work.resolve("bad"));
        Path img = bad.resolve("Img/img_align_celeba");
        byte[] good = Files.readAllBytes(img.resolve("000010.jpg"));
        Files.write(img.resolve("000001.jpg"), java.util.Arrays.copyOf(good, good.length / 2));       // truncated
        Files.write(img.resolve("000002.jpg"), new byte[0]);                                          // zero byte
        Files.writeString(img.resolve("000003.jpg"), "<html>not a jpeg</html>");                      // not an image
        byte[] corrupt = good.clone();
        for (int i = 700; i < corrupt.length - 2; i++) {
            corrupt[i] = (byte) 0xFF;
        }
        Files.write(img.resolve("000004.jpg"), corrupt);                                              // undecodable
        ImageIO.write(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB), "jpg", img.resolve("000005.jpg").toFile()); // wrong size
        Files.write(img.resolve("999999.jpg"), good);                                                 // no annotation
        Files.delete(img.resolve("000006.jpg"));                                                      // missing image
        Path attr = bad.resolve("Anno/list_attr_celeba.txt");
        String text = Files.readString(attr, StandardCharsets.US_ASCII);
        text = text.replaceFirst("000007\\.jpg[^\\r\\n]*", "000007.jpg  1 -1  1")                      // short row
                .replaceFirst("(000008\\.jpg\\s+)-?1", "$12");                                         // value 2
        Files.writeString(attr, text, StandardCharsets.US_ASCII);

        Path data = work.resolve("data");
        PreprocessResult result = preprocess(bad, data, false, settings("preprocess.max-reject-fraction=1.0"));

        Map<String, String> rejects = spark().read().parquet(data.resolve("rejects").toString())
                .select("image_id", "reason").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
        Map<String, String> expected = Map.of(
                "000001.jpg", RejectReason.TRUNCATED.code(),
                "000002.jpg", RejectReason.ZERO_BYTE.code(),
                "000003.jpg", RejectReason.NOT_AN_IMAGE.code(),
                "000004.jpg", RejectReason.UNDECODABLE.code(),
                "000005.jpg", RejectReason.UNEXPECTED_SIZE.code(),
                "999999.jpg", RejectReason.NO_ANNOTATION.code(),
                "000006.jpg", RejectReason.MISSING_IMAGE.code(),
                "000007.jpg", RejectReason.MALFORMED_ANNOTATION.code(),
                "000008.jpg", RejectReason.MALFORMED_ANNOTATION.code());
        assertEquals(expected, rejects);
        Map<String, byte[]> stored = pixelsById(data);
        assertEquals(IMAGES - 8, stored.size());
        for (String id : expected.keySet()) {
            assertFalse(stored.containsKey(id), id + " must not be in the tensors table");
        }
        assertEquals(8, result.statistics().failures());
        assertEquals(1, result.statistics().rejectsByReason().get(RejectReason.MISSING_IMAGE));
        assertEquals(8L, result.manifest().rejectsByReason().values().stream().mapToLong(Long::longValue).sum() - 1);
    }

    @Test
    void tooManyRejectsFailsNamingTheCommonestReasonAndAnExampleAndPublishesNothing() throws IOException {
        Path bad = copyTree(celeba, work.resolve("bad"));
        Path img = bad.resolve("Img/img_align_celeba");
        for (int i = 1; i <= 5; i++) {
            Files.write(img.resolve(String.format("%06d.jpg", i)), new byte[0]);
        }
        Files.writeString(img.resolve("000009.jpg"), "garbage");
        Path data = work.resolve("data");
        RejectLimitExceededException e = assertThrows(RejectLimitExceededException.class,
                () -> preprocess(bad, data, false, settings()));
        assertTrue(e.getMessage().contains("6 of " + IMAGES + " images"), e.getMessage());
        assertTrue(e.getMessage().contains("commonest reason: zero_byte (5)"), e.getMessage());
        assertTrue(e.getMessage().contains("000001.jpg"), e.getMessage());
        assertFalse(Files.exists(data), "no output may appear for a failed run");
    }

    @Test
    void existingOutputNeedsOverwriteAndIsReplacedOnlyWhenComplete() throws IOException {
        Path data = work.resolve("data");
        preprocess(celeba, data, false, settings("preprocess.limit=20"));
        FolderExistsException e = assertThrows(FolderExistsException.class,
                () -> preprocess(celeba, data, false, settings("preprocess.limit=20")));
        assertTrue(e.getMessage().startsWith("data folder " + data + " exists already: pass --overwrite"), e.getMessage());
        PreprocessResult again = preprocess(celeba, data, true, settings("preprocess.limit=30"));
        assertEquals(30, tensors(data).count());
        assertEquals(IMAGES - 30, again.manifest().skippedByLimit());
    }

    @Test
    void sameInputGivesSameTensorsAndAnInterruptedRunResumes() throws IOException {
        Path clean = work.resolve("clean");
        preprocess(celeba, clean, false, settings());

        Path resumed = work.resolve("resumed");
        RuntimeException crash = new RuntimeException("simulated driver crash");
        List<String> lines = new ArrayList<>();
        assertThrows(RuntimeException.class, () -> PreprocessJob.run(spark(),
                new PreprocessRequest(celeba.toString(), resumed.toString(), false, settings(), "{}"), line -> {
                    lines.add(line);
                    if (line.startsWith("shard 1/3")) {
                        throw crash;
                    }
                }));
        assertFalse(Files.exists(resumed));
        PreprocessResult second = PreprocessJob.run(spark(),
                new PreprocessRequest(celeba.toString(), resumed.toString(), false, settings(), "{}"), lines::add);
        assertEquals(1, second.resumedShards());
        assertEquals(IMAGES - 100, second.decoded());
        assertTrue(lines.stream().anyMatch(l -> l.contains("taken from the interrupted run")), lines.toString());

        Map<String, byte[]> a = pixelsById(clean);
        Map<String, byte[]> b = pixelsById(resumed);
        assertEquals(a.keySet(), b.keySet());
        for (String id : a.keySet()) {
            assertArrayEquals(a.get(id), b.get(id), id);
        }
        assertEquals(listParquet(clean), listParquet(resumed), "same file names for the same input");
    }

    @Test
    void kaggleLayoutGivesTheSameTensorsAt128Pixels() throws IOException {
        Path kaggle = work.resolve("kaggle");
        Path images = Files.createDirectories(kaggle.resolve("img_align_celeba/img_align_celeba"));
        try (Stream<Path> files = Files.list(celeba.resolve("Img/img_align_celeba"))) {
            for (Path f : files.sorted().limit(30).toList()) {
                Files.copy(f, images.resolve(f.getFileName()));
            }
        }
        List<String> attr = Files.readAllLines(celeba.resolve("Anno/list_attr_celeba.txt"));
        List<String> csv = new ArrayList<>();
        csv.add("image_id," + String.join(",", CelebaAttributes.NAMES));
        for (String line : attr.subList(2, attr.size())) {
            csv.add(String.join(",", line.trim().split("\\s+")));
        }
        Files.write(kaggle.resolve("list_attr_celeba.csv"), csv);
        List<String> partition = new ArrayList<>();
        partition.add("image_id,partition");
        for (String line : Files.readAllLines(celeba.resolve("Eval/list_eval_partition.txt"))) {
            partition.add(String.join(",", line.trim().split("\\s+")));
        }
        Files.write(kaggle.resolve("list_eval_partition.csv"), partition);

        Path data = work.resolve("data");
        PreprocessResult result = preprocess(kaggle, data, false, settings("preprocess.image-size=128"));
        assertEquals("KAGGLE", result.manifest().source().layout());
        assertEquals(30, result.statistics().totalImages());
        assertEquals(IMAGES - 30, result.statistics().rejectsByReason().get(RejectReason.MISSING_IMAGE));
        byte[] pixels = pixelsById(data).get("000001.jpg");
        assertEquals(3 * 128 * 128, pixels.length);
        assertEquals(-1, tensors(data).filter("image_id = '000001.jpg'").select("identity").first().getInt(0));
    }

    private static Map<String, String[]> readAttributeFile(Path root) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(root.resolve("Anno/list_attr_celeba.txt"));
        for (String line : lines.subList(2, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            rows.put(fields[0], java.util.Arrays.copyOfRange(fields, 1, fields.length));
        }
        return rows;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static List<String> listParquet(Path data) throws IOException {
        try (Stream<Path> walk = Files.walk(data)) {
            return walk.filter(p -> p.toString().endsWith(".parquet")).map(p -> data.relativize(p).toString()).sorted().toList();
        }
    }
}
