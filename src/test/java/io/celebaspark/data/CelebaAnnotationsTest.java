package io.celebaspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CelebaAnnotationsTest {
    private static final String TXT_HEADER = String.join(" ", CelebaAttributes.NAMES) + " ";
    private static final String CSV_HEADER = "image_id," + String.join(",", CelebaAttributes.NAMES);

    /** The release's row format: values right-aligned in 3 characters (two spaces before 1, one before -1). */
    private static String txtRow(String id, long bits) {
        StringBuilder sb = new StringBuilder(id);
        for (int i = 0; i < CelebaAttributes.COUNT; i++) {
            sb.append(CelebaAttributes.isSet(bits, i) ? "  1" : " -1");
        }
        return sb.toString();
    }

    private static String csvRow(String id, long bits) {
        StringBuilder sb = new StringBuilder(id);
        for (int i = 0; i < CelebaAttributes.COUNT; i++) {
            sb.append(CelebaAttributes.isSet(bits, i) ? ",1" : ",-1");
        }
        return sb.toString();
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static InputStream stream(List<String> lines, String eol) {
        return new ByteArrayInputStream((String.join(eol, lines) + eol).getBytes(StandardCharsets.UTF_8));
    }

    private static final long BITS_1 = 0b1011L | 1L << 39; // 5_o_Clock_Shadow, Arched_Eyebrows, Bags_Under_Eyes, Young
    private static final long BITS_2 = 1L << 20;          // Male
    private static final long BITS_3 = (1L << 40) - 1;    // everything

    private static List<String> officialAttributes() {
        return List.of("3", TXT_HEADER, txtRow("000001.jpg", BITS_1), txtRow("000002.jpg", BITS_2),
                txtRow("000003.jpg", BITS_3));
    }

    private static final List<String> PARTITION = List.of("000001.jpg 0", "000002.jpg 1", "000003.jpg 2");
    private static final List<String> IDENTITY = List.of("000001.jpg 2880", "000002.jpg 2937", "000003.jpg 8692");

    private static CelebaAnnotations parseTxt(List<String> attributes, List<String> partition,
                                              List<String> identity, String eol) throws IOException {
        return CelebaAnnotations.parse("Anno/list_attr_celeba.txt", stream(attributes, eol),
                "Eval/list_eval_partition.txt", stream(partition, eol),
                identity == null ? null : "Anno/identity_CelebA.txt", identity == null ? null : stream(identity, eol));
    }

    private static final List<AnnotationRow> EXPECTED = List.of(
            new AnnotationRow("000001.jpg", Split.TRAIN, 2880, BITS_1),
            new AnnotationRow("000002.jpg", Split.VAL, 2937, BITS_2),
            new AnnotationRow("000003.jpg", Split.TEST, 8692, BITS_3));

    @Test
    void officialCrlfAndLfGiveTheSameRows() throws Exception {
        CelebaAnnotations lf = parseTxt(officialAttributes(), PARTITION, IDENTITY, "\n");
        CelebaAnnotations crlf = parseTxt(officialAttributes(), PARTITION, IDENTITY, "\r\n");
        assertEquals(EXPECTED, lf.rows());
        assertEquals(EXPECTED, crlf.rows());
        assertEquals(List.of(), crlf.problems());
        assertEquals(List.of(), crlf.warnings());
        assertTrue(crlf.row(0).has("Young") && !crlf.row(0).has("Male") && crlf.row(1).has("Male"));
        assertEquals(Map.of(Split.TRAIN, 1, Split.VAL, 1, Split.TEST, 1), crlf.splitCounts());
        assertEquals(EXPECTED.get(1), crlf.find("000002.jpg"));
        assertNull(crlf.find("000004.jpg"));
    }

    @Test
    void bomMixedLineEndsTrailingBlanksAndUnsortedInputAreTolerated() throws Exception {
        List<String> attributes = officialAttributes();
        String text = "\uFEFF" + attributes.get(0) + "\r\n" + attributes.get(1) + "\n" + attributes.get(4) + "\r\n"
                + attributes.get(2) + "\n" + attributes.get(3) + "\r\n\r\n\n  \n";
        CelebaAnnotations a = CelebaAnnotations.parse("list_attr_celeba.txt",
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "list_eval_partition.txt",
                stream(reversed(PARTITION), "\n"), "identity_CelebA.txt", stream(IDENTITY, "\r\n"));
        assertEquals(EXPECTED, a.rows());
        assertEquals(List.of(), a.problems());
    }

    @Test
    void kaggleCsvGivesTheSameRowsWithoutIdentity() throws Exception {
        List<String> attributes = List.of(CSV_HEADER, csvRow("000001.jpg", BITS_1), csvRow("000002.jpg", BITS_2),
                csvRow("000003.jpg", BITS_3));
        List<String> partition = List.of("image_id,partition", "000001.jpg,0", "000002.jpg,1", "000003.jpg,2");
        CelebaAnnotations a = CelebaAnnotations.parse("list_attr_celeba.csv", stream(attributes, "\r\n"),
                "list_eval_partition.csv", stream(partition, "\n"), null, null);
        List<AnnotationRow> expected = EXPECTED.stream()
                .map(r -> new AnnotationRow(r.imageId(), r.split(), -1, r.attributeBits())).toList();
        assertEquals(expected, a.rows());
        assertEquals(List.of(), a.problems());
        assertEquals(List.of("no identity file: identity is -1 (unknown) for every image"), a.warnings());
        assertEquals(List.of("list_attr_celeba.csv", "list_eval_partition.csv"), List.copyOf(a.sha256ByFile().keySet()));
    }

    @Test
    void badRowsBecomeProblemsWithLineNumbers() throws Exception {
        String shortRow = "000004.jpg -1 1 1 -1 -1 -1 -1 -1 -1 -1 -1 1 -1 -1 -1 -1";
        String bad = txtRow("000005.jpg", 0).replaceFirst(" -1 -1$", " -1  2"); // Young = 2
        List<String> attributes = new ArrayList<>(officialAttributes());
        attributes.set(0, "8");
        attributes.addAll(List.of(shortRow, bad, "", txtRow("000006.jpg", 0), txtRow("000001.jpg", BITS_3),
                txtRow("000007.jpg", 0)));
        // lines: 1 count, 2 header, 3-5 good, 6 short, 7 bad value, 8 empty, 9 good, 10 duplicate, 11 no partition
        List<String> partition = List.of("000001.jpg 0", "000002.jpg 1", "000003.jpg 2", "000004.jpg 0",
                "000005.jpg 0", "000006.jpg x", "000008.jpg 1", "000002.jpg 2", "000009.jpg");
        List<String> identity = List.of("000001.jpg 2880", "000002.jpg 2937", "000003.jpg eleven",
                "000009.jpg 5");
        CelebaAnnotations a = parseTxt(attributes, partition, identity, "\r\n");

        assertEquals(List.of(EXPECTED.get(0), EXPECTED.get(1),
                new AnnotationRow("000003.jpg", Split.TEST, -1, BITS_3)), a.rows());
        String attr = "Anno/list_attr_celeba.txt";
        String part = "Eval/list_eval_partition.txt";
        String ids = "Anno/identity_CelebA.txt";
        RejectReason bad2 = RejectReason.MALFORMED_ANNOTATION;
        assertEquals(List.of(
                new AnnotationProblem("000003.jpg", ids, 3, bad2, "identity 'eleven' is not a non-negative integer"),
                new AnnotationProblem("000004.jpg", attr, 6, bad2, "expected 41 fields, found 17"),
                new AnnotationProblem("000005.jpg", attr, 7, bad2, "column Young (field 41) is '2', expected 1 or -1"),
                new AnnotationProblem(null, attr, 8, bad2, "empty line"),
                new AnnotationProblem("000001.jpg", attr, 10, RejectReason.DUPLICATE_ANNOTATION,
                        "duplicate of line 3 (the first row is kept)"),
                new AnnotationProblem("000007.jpg", attr, 11, RejectReason.NO_PARTITION,
                        "no row in " + part),
                new AnnotationProblem("000006.jpg", part, 6, bad2, "partition code 'x' is not 0, 1 or 2"),
                new AnnotationProblem("000008.jpg", part, 7, bad2, "in partition file but not in attribute file"),
                new AnnotationProblem("000002.jpg", part, 8, RejectReason.DUPLICATE_ANNOTATION,
                        "duplicate of line 2 (the first row is kept)"),
                new AnnotationProblem("000009.jpg", part, 9, bad2, "expected 2 fields, found 1")), a.problems());
        // 000004/000005 are reported once (in the attribute file), 000006 once (in the partition file).
        assertEquals(List.of(ids + ": 1 images have no valid identity row: identity -1",
                ids + ": 1 rows name images absent from " + attr + " (ignored)"), a.warnings());
    }

    @Test
    void csvRowWithoutNameIsMalformed() throws Exception {
        List<String> attributes = List.of(CSV_HEADER, csvRow("000001.jpg", BITS_1), csvRow("", BITS_2));
        List<String> partition = List.of("image_id,partition", "000001.jpg,0", " ,1");
        CelebaAnnotations a = CelebaAnnotations.parse("list_attr_celeba.csv", stream(attributes, "\n"),
                "list_eval_partition.csv", stream(partition, "\n"), null, null);
        assertEquals(1, a.size());
        assertEquals(List.of(
                new AnnotationProblem(null, "list_attr_celeba.csv", 3, RejectReason.MALFORMED_ANNOTATION, "empty image name"),
                new AnnotationProblem(null, "list_eval_partition.csv", 3, RejectReason.MALFORMED_ANNOTATION,
                        "empty image name")), a.problems());
    }

    @Test
    void aFileWithoutLineBreaksIsRefused() {
        String huge = "000001.jpg 0 ".repeat(200_000); // 2.6 MB on one line: not a CelebA file
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class,
                () -> parseTxt(officialAttributes(), List.of(huge), IDENTITY, "\n"));
        assertTrue(e.getMessage().contains("Eval/list_eval_partition.txt line 1 is longer than 1048576 bytes"),
                e.getMessage());
    }

    @Test
    void countLineMismatchIsAWarning() throws Exception {
        List<String> attributes = new ArrayList<>(officialAttributes());
        attributes.set(0, "202599");
        CelebaAnnotations a = parseTxt(attributes, PARTITION, IDENTITY, "\n");
        assertEquals(EXPECTED, a.rows());
        assertEquals(List.of("Anno/list_attr_celeba.txt: count line declares 202599 rows, found 3"), a.warnings());
    }

    @Test
    void wrongHeaderIsAClearException() {
        List<String> attributes = new ArrayList<>(officialAttributes());
        attributes.set(1, TXT_HEADER.replace("Attractive", "Atractive"));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class,
                () -> parseTxt(attributes, PARTITION, IDENTITY, "\n"));
        assertTrue(e.getMessage().startsWith("Anno/list_attr_celeba.txt line 2 is not CelebA's attribute header: "
                + "column 3 is 'Atractive', expected 'Attractive'."), e.getMessage());

        attributes.set(1, TXT_HEADER.replace(" Young", ""));
        e = assertThrows(AnnotationFormatException.class, () -> parseTxt(attributes, PARTITION, IDENTITY, "\n"));
        assertTrue(e.getMessage().contains("it ends after 39 attribute names; expected 'Young' as column 40"),
                e.getMessage());

        List<String> csv = List.of("image_id," + String.join(",", reversed(CelebaAttributes.NAMES)));
        e = assertThrows(AnnotationFormatException.class, () -> CelebaAnnotations.parse("list_attr_celeba.csv",
                stream(csv, "\n"), "list_eval_partition.csv", stream(List.of("image_id,partition"), "\n"), null, null));
        assertTrue(e.getMessage().contains("line 1 is not CelebA's attribute header: column 2 is 'Young', "
                + "expected '5_o_Clock_Shadow'"), e.getMessage());
    }

    @Test
    void checksumsMatchSha256sumAndReadWorksThroughHadoop(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("Anno"));
        Files.createDirectories(dir.resolve("Eval"));
        Files.createDirectories(dir.resolve("Img/img_align_celeba"));
        Files.write(dir.resolve("Anno/list_attr_celeba.txt"), officialAttributes());
        Files.write(dir.resolve("Eval/list_eval_partition.txt"), PARTITION);
        Files.write(dir.resolve("Anno/identity_CelebA.txt"), IDENTITY);
        Configuration conf = new Configuration(false);
        CelebaAnnotations a = CelebaAnnotations.read(conf, LayoutDetector.detect(conf, dir.toString()));
        assertEquals(EXPECTED, a.rows());
        Process p = new ProcessBuilder("sha256sum", "Anno/list_attr_celeba.txt", "Eval/list_eval_partition.txt",
                "Anno/identity_CelebA.txt").directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        Map<String, String> expected = out.lines().map(l -> l.split("  ")).collect(Collectors.toMap(
                f -> f[1], f -> f[0], (x, y) -> x, java.util.LinkedHashMap::new));
        assertEquals(expected, a.sha256ByFile());
    }
}
