package io.celebaspark.synth;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.Split;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticCelebaTest {

    private static final Pattern ATTR_ROW = Pattern.compile("\\d{6}\\.jpg( -1|  1){40}");

    @TempDir
    Path tmp;

    @Test
    void writesCelebaReleaseLayoutAndFormat() throws IOException {
        int n = 45;
        List<Integer> progress = new ArrayList<>();
        SynthSummary summary = SyntheticCeleba.write(tmp, n, 11L, progress::add);

        assertEquals(n, summary.images());
        assertEquals(n, progress.get(progress.size() - 1));
        assertEquals(progress.stream().sorted().toList(), progress, "progress must be increasing");
        assertEquals(n, summary.perSplit().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(CelebaAttributes.NAMES, List.copyOf(summary.positiveRates().keySet()));

        List<String> attr = crlfLines(tmp.resolve("Anno/list_attr_celeba.txt"));
        assertEquals(String.valueOf(n), attr.get(0));
        // CelebA's header ends with a space before CRLF; loaders split on whitespace, byte-exactness matters for checksums
        assertEquals(String.join(" ", CelebaAttributes.NAMES) + " ", attr.get(1));
        assertEquals(n + 2, attr.size());
        for (int i = 0; i < n; i++) {
            String row = attr.get(i + 2);
            assertTrue(ATTR_ROW.matcher(row).matches(), row);
            assertTrue(row.startsWith(String.format("%06d.jpg", i + 1)), row);
        }

        List<String> ids = crlfLines(tmp.resolve("Anno/identity_CelebA.txt"));
        List<String> parts = crlfLines(tmp.resolve("Eval/list_eval_partition.txt"));
        assertEquals(n, ids.size());
        assertEquals(n, parts.size());
        for (int i = 0; i < n; i++) {
            assertTrue(ids.get(i).matches(String.format("%06d\\.jpg [1-9]\\d*", i + 1)), ids.get(i));
            assertTrue(parts.get(i).matches(String.format("%06d\\.jpg [012]", i + 1)), parts.get(i));
        }

        Path img = tmp.resolve("Img/img_align_celeba");
        try (Stream<Path> files = Files.list(img)) {
            assertEquals(n, files.count());
        }
        for (String name : List.of("000001.jpg", String.format("%06d.jpg", n))) {
            byte[] bytes = Files.readAllBytes(img.resolve(name));
            assertEquals((byte) 0xFF, bytes[0]);
            assertEquals((byte) 0xD8, bytes[1]);
            BufferedImage decoded = ImageIO.read(img.resolve(name).toFile());
            assertNotNull(decoded, name);
            assertEquals(178, decoded.getWidth());
            assertEquals(218, decoded.getHeight());
            assertEquals(3, decoded.getRaster().getNumBands());
        }
    }

    @Test
    void headerIsByteIdenticalToTheRealReleaseWhenTheSampleIsPresent() throws IOException {
        Path real = Path.of("/work/shared/celeba-sample/Anno/list_attr_celeba.txt");
        Assumptions.assumeTrue(Files.isRegularFile(real), "real CelebA sample not available");
        SyntheticCeleba.write(tmp, 3, 1L, i -> { });
        assertEquals(headerBytes(real), headerBytes(tmp.resolve("Anno/list_attr_celeba.txt")));
    }

    /** The second line of the attribute file, CRLF included. */
    private static String headerBytes(Path attrFile) throws IOException {
        try (var in = Files.newInputStream(attrFile)) {
            String start = new String(in.readNBytes(2048), StandardCharsets.US_ASCII);
            int first = start.indexOf('\n') + 1;
            return start.substring(first, start.indexOf('\n', first) + 1);
        }
    }

    @Test
    void sameSeedGivesIdenticalBytesAndOtherSeedDiffers() throws IOException {
        Path a = SyntheticCeleba.write(tmp.resolve("a"), 24, 5L, i -> { }).root();
        Path b = SyntheticCeleba.write(tmp.resolve("b"), 24, 5L, i -> { }).root();
        Path c = SyntheticCeleba.write(tmp.resolve("c"), 24, 6L, i -> { }).root();
        List<String> files = new ArrayList<>(List.of("Anno/list_attr_celeba.txt", "Anno/identity_CelebA.txt",
                "Eval/list_eval_partition.txt"));
        for (int i = 1; i <= 24; i++) {
            files.add(String.format("Img/img_align_celeba/%06d.jpg", i));
        }
        int differing = 0;
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
            if (!Arrays.equals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(c.resolve(f)))) {
                differing++;
            }
        }
        assertTrue(differing >= 24, "another seed must change the images, only " + differing + " files differ");
    }

    @Test
    void wholeIdentitiesGoToOneSplitInCelebaOrder() {
        SyntheticCeleba.Plan plan = SyntheticCeleba.plan(3000, 21L, SynthPriors.CELEBA);
        Map<Integer, Split> splitOf = new HashMap<>();
        Map<Integer, Integer> size = new HashMap<>();
        Split previous = Split.TRAIN;
        for (int i = 0; i < plan.specs().size(); i++) {
            int id = plan.specs().get(i).traits().identity();
            Split s = plan.splits()[i];
            Split before = splitOf.putIfAbsent(id, s);
            assertTrue(before == null || before == s, "identity " + id + " spans " + before + " and " + s);
            assertTrue(s.compareTo(previous) >= 0, "files are numbered train, then val, then test");
            previous = s;
            size.merge(id, 1, Integer::sum);
        }
        assertEquals(plan.identities(), splitOf.size());
        assertTrue(size.values().stream().allMatch(k -> k >= 1 && k <= SyntheticCeleba.MAX_PER_IDENTITY));
        long train = splitOf.values().stream().filter(s -> s == Split.TRAIN).count();
        long val = splitOf.values().stream().filter(s -> s == Split.VAL).count();
        long test = splitOf.values().stream().filter(s -> s == Split.TEST).count();
        assertEquals(0.8, train / (double) splitOf.size(), 0.03);
        assertEquals(0.1, val / (double) splitOf.size(), 0.03);
        assertEquals(0.1, test / (double) splitOf.size(), 0.03);
    }

    @Test
    void positiveRatesFollowThePriors() {
        assertRates(SynthPriors.CELEBA, 1000, 3L);
        assertRates(new SynthPriors(0.6, 0.3, 0.25), 1000, 4L);
    }

    private static void assertRates(SynthPriors priors, int n, long seed) {
        SyntheticCeleba.Plan plan = SyntheticCeleba.plan(n, seed, priors);
        int male = CelebaAttributes.indexOf("Male");
        int smiling = CelebaAttributes.indexOf("Smiling");
        int glasses = CelebaAttributes.indexOf("Eyeglasses");
        int beard = CelebaAttributes.indexOf("No_Beard");
        int[] pos = new int[CelebaAttributes.COUNT];
        for (FaceSpec s : plan.specs()) {
            long bits = s.attributeBits();
            for (int a = 0; a < pos.length; a++) {
                pos[a] += CelebaAttributes.isSet(bits, a) ? 1 : 0;
            }
            if (!s.traits().male()) {
                assertTrue(CelebaAttributes.isSet(bits, beard), "women have no beard");
            }
        }
        assertEquals(priors.male(), pos[male] / (double) n, 0.05, "Male");
        assertEquals(priors.smiling(), pos[smiling] / (double) n, 0.05, "Smiling");
        assertEquals(priors.eyeglasses(), pos[glasses] / (double) n, 0.025, "Eyeglasses");
        for (int a = 0; a < pos.length; a++) {
            assertTrue(pos[a] < n, CelebaAttributes.NAMES.get(a) + " is never negative");
        }
    }

    private static List<String> crlfLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("\r\n"), file + " must end with CRLF");
        assertFalse(text.replace("\r\n", "").contains("\n"), file + " has a bare LF");
        assertFalse(text.replace("\r\n", "").contains("\r"), file + " has a bare CR");
        return List.of(text.substring(0, text.length() - 2).split("\r\n", -1));
    }
}
