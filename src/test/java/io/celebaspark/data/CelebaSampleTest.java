package io.celebaspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import io.celebaspark.testing.CelebaSample;
import org.junit.jupiter.api.Test;

/** Detection and parsing of the real CelebA annotation files in the shared sample (skipped when absent). */
class CelebaSampleTest {

    private static Path sample() {
        return CelebaSample.root();
    }

    @Test
    void parsesTheRealAnnotationFiles() throws Exception {
        Path root = sample();
        Configuration conf = new Configuration(false);
        CelebaSource source = LayoutDetector.detect(conf, root.toString());
        assertEquals(SourceLayout.OFFICIAL, source.layout());

        long start = System.nanoTime();
        CelebaAnnotations a = CelebaAnnotations.read(conf, source);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("CelebaSampleTest: parsed " + a.size() + " rows in " + millis + " ms (cold JVM)");

        assertEquals(202_599, a.size());
        assertEquals(Map.of(Split.TRAIN, 162_770, Split.VAL, 19_867, Split.TEST, 19_962), a.splitCounts());
        assertEquals(List.of(), a.problems());
        assertEquals(List.of(), a.warnings());
        assertEquals(new AnnotationRow("000001.jpg", Split.TRAIN, 2880, a.row(0).attributeBits()), a.row(0));
        assertTrue(a.row(0).has("Young") && !a.row(0).has("Male"));
        assertEquals("202599.jpg", a.row(a.size() - 1).imageId());
        assertFalse(a.rows().stream().anyMatch(r -> r.identity() < 1));

        // The README's md5s prove these are the release's files; the SHA-256s must be of the same bytes.
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = Pattern.compile("\\| (\\S+\\.txt) \\|[^|]*\\| ([0-9a-f]{32}) \\|").matcher(readme);
        int checked = 0;
        while (m.find()) {
            Path file = root.resolve(m.group(1));
            assertEquals(m.group(2), digest("MD5", file), m.group(1));
            assertEquals(digest("SHA-256", file), a.sha256ByFile().get(m.group(1)), m.group(1));
            checked++;
        }
        assertEquals(3, checked, "README md5 table");
        assertEquals("75e246fa4810816ffd6ee81facbd244c", digest("MD5", root.resolve("Anno/list_attr_celeba.txt")));
    }

    private static String digest(String algorithm, Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
