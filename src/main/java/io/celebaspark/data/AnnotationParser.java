package io.celebaspark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The streaming parser behind {@link CelebaAnnotations}: one pass per file, one line at a time, with the
 * SHA-256 of the bytes computed on the way. One instance parses one set of files.
 */
final class AnnotationParser {
    /** More than any valid row has, so that a long row's true field count is still reported. */
    private static final int MAX_FIELDS = CelebaAttributes.COUNT + 1;

    private record Entry(long line, int value) {
    }

    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    private final List<AnnotationProblem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> checksums = new LinkedHashMap<>();

    // Attribute rows in file order, first valid row per image.
    private final List<String> attrIds = new ArrayList<>();
    private long[] attrBits = new long[1024];
    private long[] attrLines = new long[1024];
    private final Map<String, Integer> attrIndex = new HashMap<>();
    /** Images named only by malformed rows of a file: their absence from the join is already reported. */
    private final Set<String> malformedAttr = new HashSet<>();
    private final Set<String> malformedPartition = new HashSet<>();

    private final Map<String, Entry> partition = new HashMap<>();
    private final Map<String, Entry> identity = new HashMap<>();

    CelebaAnnotations parse(String attrName, InputStream attr, String partName, InputStream part,
                            String idName, InputStream ids) throws IOException {
        parseAttributes(attrName, attr);
        parsePartition(partName, part);
        if (ids != null) {
            parseIdentity(idName, ids);
        } else {
            warnings.add("no identity file: identity is -1 (unknown) for every image");
        }
        return join(attrName, partName, idName);
    }

    // ---- attribute file --------------------------------------------------------------------------------

    private void parseAttributes(String file, InputStream in) throws IOException {
        boolean csv = isCsv(file);
        Lines lines = new Lines(file, in);
        long declared = -1;
        String first = lines.next();
        if (first == null) {
            throw new AnnotationFormatException(file + " is empty: expected CelebA's attribute file");
        }
        if (csv) {
            checkAttributeHeader(file, 1, first, true);
        } else {
            try {
                declared = Long.parseLong(first.strip());
                String header = lines.next();
                if (header == null) {
                    throw new AnnotationFormatException(file + " ends after its count line: no attribute header");
                }
                checkAttributeHeader(file, 2, header, false);
            } catch (NumberFormatException e) {
                checkAttributeHeader(file, 1, first, false);
                warnings.add(file + ": no count line (line 1 is the header); row count not checked");
            }
        }
        long found = readRows(lines, (line, no) -> attributeRow(file, line, no, csv));
        if (declared >= 0 && declared != found) {
            warnings.add(file + ": count line declares " + declared + " rows, found " + found);
        }
        checksums.put(file, lines.sha256());
    }

    private void checkAttributeHeader(String file, int lineNo, String line, boolean csv)
            throws AnnotationFormatException {
        List<String> names = new ArrayList<>();
        for (String s : csv ? line.split(",", -1) : line.strip().split("[ \t]+")) {
            names.add(s.strip());
        }
        String where = file + " line " + lineNo + " is not CelebA's attribute header: ";
        String fix = ". This is another file or an edited one; point --input at an unmodified CelebA download.";
        if (csv) {
            if (!names.get(0).equals("image_id")) {
                throw new AnnotationFormatException(where + "column 1 is '" + names.get(0)
                        + "', expected 'image_id'" + fix);
            }
            names.remove(0);
        }
        int offset = csv ? 2 : 1;
        for (int i = 0; i < Math.max(names.size(), CelebaAttributes.COUNT); i++) {
            if (i >= names.size()) {
                throw new AnnotationFormatException(where + "it ends after " + names.size()
                        + " attribute names; expected '" + CelebaAttributes.NAMES.get(i) + "' as column "
                        + (i + offset) + fix);
            }
            if (i >= CelebaAttributes.COUNT) {
                throw new AnnotationFormatException(where + "column " + (i + offset) + " is '" + names.get(i)
                        + "', but CelebA has only " + CelebaAttributes.COUNT + " attributes (the last is 'Young')"
                        + fix);
            }
            if (!names.get(i).equals(CelebaAttributes.NAMES.get(i))) {
                throw new AnnotationFormatException(where + "column " + (i + offset) + " is '" + names.get(i)
                        + "', expected '" + CelebaAttributes.NAMES.get(i) + "'" + fix);
            }
        }
    }

    private void attributeRow(String file, String line, long no, boolean csv) {
        int n = split(line, csv);
        String id = imageId(line, n);
        if (id == null) {
            problem(null, file, no, RejectReason.MALFORMED_ANNOTATION, "empty image name");
            return;
        }
        if (n != MAX_FIELDS) {
            malformed(malformedAttr, id, file, no, "expected " + MAX_FIELDS + " fields, found " + n);
            return;
        }
        long bits = 0;
        for (int a = 0; a < CelebaAttributes.COUNT; a++) {
            int s = starts[a + 1];
            int len = ends[a + 1] - s;
            if (len == 1 && line.charAt(s) == '1') {
                bits |= 1L << a;
            } else if (!(len == 2 && line.charAt(s) == '-' && line.charAt(s + 1) == '1')) {
                malformed(malformedAttr, id, file, no, "column " + CelebaAttributes.NAMES.get(a) + " (field "
                        + (a + 2) + ") is '" + line.substring(s, ends[a + 1]) + "', expected 1 or -1");
                return;
            }
        }
        Integer previous = attrIndex.putIfAbsent(id, attrIds.size());
        if (previous != null) {
            duplicate(id, file, no, attrLines[previous]);
            return;
        }
        int i = attrIds.size();
        if (i == attrBits.length) {
            attrBits = Arrays.copyOf(attrBits, i * 2);
            attrLines = Arrays.copyOf(attrLines, i * 2);
        }
        attrIds.add(id);
        attrBits[i] = bits;
        attrLines[i] = no;
    }

    // ---- partition and identity files ------------------------------------------------------------------

    private void parsePartition(String file, InputStream in) throws IOException {
        boolean csv = isCsv(file);
        Lines lines = new Lines(file, in);
        if (csv) {
            String header = lines.next();
            if (header == null || !header.replace(" ", "").equals("image_id,partition")) {
                throw new AnnotationFormatException(file + " line 1 is " + (header == null ? "missing"
                        : "'" + header + "'") + ", expected the header 'image_id,partition': this is not "
                        + "CelebA's partition file");
            }
        }
        readRows(lines, (line, no) -> {
            int n = split(line, csv);
            String id = imageId(line, n);
            if (id == null) {
                problem(null, file, no, RejectReason.MALFORMED_ANNOTATION, "empty image name");
                return;
            }
            if (n != 2) {
                malformed(malformedPartition, id, file, no, "expected 2 fields, found " + n);
                return;
            }
            String code = line.substring(starts[1], ends[1]);
            Split split = code.length() == 1 ? Split.fromCode(code.charAt(0) - '0') : null;
            if (split == null) {
                malformed(malformedPartition, id, file, no, "partition code '" + code + "' is not 0, 1 or 2");
                return;
            }
            addEntry(partition, id, file, no, split.code());
        });
        checksums.put(file, lines.sha256());
    }

    private void parseIdentity(String file, InputStream in) throws IOException {
        Lines lines = new Lines(file, in);
        readRows(lines, (line, no) -> {
            int n = split(line, false);
            String id = imageId(line, n);
            if (id == null) {
                problem(null, file, no, RejectReason.MALFORMED_ANNOTATION, "empty image name");
                return;
            }
            if (n != 2) {
                problem(id, file, no, RejectReason.MALFORMED_ANNOTATION, "expected 2 fields, found " + n);
                return;
            }
            String value = line.substring(starts[1], ends[1]);
            int person;
            try {
                person = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                person = -1;
            }
            if (person < 0) {
                problem(id, file, no, RejectReason.MALFORMED_ANNOTATION, "identity '" + value
                        + "' is not a non-negative integer");
                return;
            }
            addEntry(identity, id, file, no, person);
        });
        checksums.put(file, lines.sha256());
    }

    private void addEntry(Map<String, Entry> map, String id, String file, long no, int value) {
        Entry previous = map.putIfAbsent(id, new Entry(no, value));
        if (previous != null) {
            duplicate(id, file, no, previous.line());
        }
    }

    // ---- join ------------------------------------------------------------------------------------------

    private CelebaAnnotations join(String attrName, String partName, String idName) {
        int n = attrIds.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(attrIds::get)); // TimSort: linear on the release's sorted files
        List<String> ids = new ArrayList<>(n);
        byte[] splits = new byte[n];
        int[] persons = new int[n];
        long[] bits = new long[n];
        int kept = 0;
        long withoutIdentity = 0;
        for (int i : order) {
            String id = attrIds.get(i);
            Entry p = partition.get(id);
            if (p == null) {
                if (!malformedPartition.contains(id)) {
                    problem(id, attrName, attrLines[i], RejectReason.NO_PARTITION, "no row in " + partName);
                }
                continue;
            }
            Entry person = identity.get(id);
            if (person == null && idName != null) {
                withoutIdentity++;
            }
            ids.add(id);
            splits[kept] = (byte) p.value();
            persons[kept] = person == null ? -1 : person.value();
            bits[kept] = attrBits[i];
            kept++;
        }
        partition.forEach((id, p) -> {
            if (!attrIndex.containsKey(id) && !malformedAttr.contains(id)) {
                problem(id, partName, p.line(), RejectReason.MALFORMED_ANNOTATION,
                        "in partition file but not in attribute file");
            }
        });
        if (withoutIdentity > 0) {
            warnings.add(idName + ": " + withoutIdentity + " images have no valid identity row: identity -1");
        }
        long strayIdentities = identity.keySet().stream().filter(id -> !attrIndex.containsKey(id)).count();
        if (strayIdentities > 0) {
            warnings.add(idName + ": " + strayIdentities + " rows name images absent from " + attrName
                    + " (ignored)");
        }
        problems.sort(Comparator.comparing(AnnotationProblem::file).thenComparingLong(AnnotationProblem::line));
        return new CelebaAnnotations(ids, Arrays.copyOf(splits, kept), Arrays.copyOf(persons, kept),
                Arrays.copyOf(bits, kept), problems, warnings, checksums);
    }

    // ---- lines and fields ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface RowHandler {
        void row(String line, long lineNumber);
    }

    /**
     * Hands every non-blank line to {@code handler} and returns how many there were. A blank line is a
     * problem only when a row follows it: trailing blank lines are normal at the end of a file.
     */
    private long readRows(Lines lines, RowHandler handler) throws IOException {
        List<Long> blanks = new ArrayList<>();
        long rows = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isBlank()) {
                blanks.add(lines.number);
                continue;
            }
            for (long b : blanks) {
                problem(null, lines.file, b, RejectReason.MALFORMED_ANNOTATION, "empty line");
            }
            blanks.clear();
            handler.row(line, lines.number);
            rows++;
        }
        return rows;
    }

    /**
     * Splits {@code line} into fields, recording the first {@link #MAX_FIELDS} in {@link #starts}/{@link
     * #ends}, and returns the true count. Text files separate fields by runs of spaces or tabs; CSV by single
     * commas, with spaces around a field ignored.
     */
    private int split(String line, boolean csv) {
        int n = 0;
        int len = line.length();
        int i = 0;
        if (csv) {
            while (true) {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = len;
                }
                int s = i;
                int e = end;
                while (s < e && isSpace(line.charAt(s))) {
                    s++;
                }
                while (e > s && isSpace(line.charAt(e - 1))) {
                    e--;
                }
                record(n++, s, e);
                if (end == len) {
                    return n;
                }
                i = end + 1;
            }
        }
        while (true) {
            while (i < len && isSpace(line.charAt(i))) {
                i++;
            }
            if (i == len) {
                return n;
            }
            int s = i;
            while (i < len && !isSpace(line.charAt(i))) {
                i++;
            }
            record(n++, s, i);
        }
    }

    private void record(int field, int start, int end) {
        if (field < MAX_FIELDS) {
            starts[field] = start;
            ends[field] = end;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private String imageId(String line, int fields) {
        return fields > 0 && ends[0] > starts[0] ? line.substring(starts[0], ends[0]) : null;
    }

    private static boolean isCsv(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    // ---- problems --------------------------------------------------------------------------------------

    private void problem(String id, String file, long line, RejectReason reason, String detail) {
        problems.add(new AnnotationProblem(id, file, line, reason, detail));
    }

    private void malformed(Set<String> malformedIds, String id, String file, long line, String detail) {
        malformedIds.add(id);
        problem(id, file, line, RejectReason.MALFORMED_ANNOTATION, detail);
    }

    private void duplicate(String id, String file, long line, long firstLine) {
        problem(id, file, line, RejectReason.DUPLICATE_ANNOTATION,
                "duplicate of line " + firstLine + " (the first row is kept)");
    }

    /** A file's lines (CR, LF or CRLF ended, a leading UTF-8 BOM dropped) and the SHA-256 of its bytes. */
    private static final class Lines {
        final String file;
        final BufferedReader reader;
        final MessageDigest digest;
        long number;

        Lines(String file, InputStream in) {
            this.file = file;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
            reader = new BufferedReader(new InputStreamReader(new DigestInputStream(in, digest),
                    StandardCharsets.UTF_8), 1 << 16);
        }

        String next() throws IOException {
            String line = reader.readLine();
            if (line != null && number++ == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            return line;
        }

        /** The checksum of everything read; call after {@link #next()} returned {@code null}. */
        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
