package io.celebaspark.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The streaming parser behind {@link CelebaAnnotations}: one pass per file over its bytes, one line at a
 * time, with the SHA-256 computed on the way. It works on bytes rather than decoded text (only image ids
 * and messages become strings) because that makes the 202,599-row release parse in a fraction of a second
 * even before the JIT has warmed up. One instance parses one set of files.
 */
final class AnnotationParser {
    /** Fields of a valid attribute row (name + 40 values); {@link #split} stores no more, but counts them all. */
    private static final int MAX_FIELDS = CelebaAttributes.COUNT + 1;

    /**
     * One file's valid rows: image id, value (attribute bits, split code or identity) and line, in file
     * order until {@link #sortAndDropDuplicates} puts them in id order. Sorted arrays joined by merging
     * (rather than hash maps) keep the parse linear and cache-friendly: the release's files are already
     * sorted, so the sort is a single check.
     */
    private final class Table {
        final String file;
        final Set<String> malformedIds = new HashSet<>();
        String[] ids;
        long[] values;
        long[] lines;
        int size;

        /** {@code expectedRows} sizes the arrays up front, sparing the full release's copies on growth. */
        Table(String file, long expectedRows) {
            this.file = file;
            int capacity = (int) Math.min(Math.max(expectedRows, 16), 1 << 24);
            ids = new String[capacity];
            values = new long[capacity];
            lines = new long[capacity];
        }

        void add(String id, long value, long line) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                values = Arrays.copyOf(values, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
            }
            ids[size] = id;
            values[size] = value;
            lines[size] = line;
            size++;
        }

        /** Orders rows by id; of several rows for one image the first in the file stays, the rest are reported. */
        void sortAndDropDuplicates() {
            boolean strictlySorted = true;
            for (int i = 1; i < size && strictlySorted; i++) {
                strictlySorted = ids[i - 1].compareTo(ids[i]) < 0;
            }
            if (strictlySorted) {
                return;
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparing(i -> ids[i])); // stable: equal ids stay in file order
            String[] sortedIds = new String[size];
            long[] sortedValues = new long[size];
            long[] sortedLines = new long[size];
            int kept = 0;
            for (int i : order) {
                if (kept > 0 && sortedIds[kept - 1].equals(ids[i])) {
                    problem(ids[i], file, lines[i], RejectReason.DUPLICATE_ANNOTATION,
                            "duplicate of line " + sortedLines[kept - 1] + " (the first row is kept)");
                    continue;
                }
                sortedIds[kept] = ids[i];
                sortedValues[kept] = values[i];
                sortedLines[kept] = lines[i];
                kept++;
            }
            ids = sortedIds;
            values = sortedValues;
            lines = sortedLines;
            size = kept;
        }

        void malformed(String id, long line, String detail) {
            malformedIds.add(id);
            problem(id, file, line, RejectReason.MALFORMED_ANNOTATION, detail);
        }
    }

    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    private final List<AnnotationProblem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> checksums = new LinkedHashMap<>();

    /** Set once the attribute file is parsed: the later files reuse its id strings (see {@link #imageId}). */
    private Table attributes;

    CelebaAnnotations parse(String attrName, InputStream attr, String partName, InputStream part,
                            String idName, InputStream ids) throws IOException {
        attributes = parseAttributes(attrName, attr);
        Table partition = parsePartition(partName, part);
        Table identity = null;
        if (ids != null) {
            identity = parseIdentity(idName, ids);
        } else {
            warnings.add("no identity file: identity is -1 (unknown) for every image");
        }
        return join(attributes, partition, identity);
    }

    // ---- attribute file --------------------------------------------------------------------------------

    private Table parseAttributes(String file, InputStream in) throws IOException {
        boolean csv = isCsv(file);
        Lines lines = new Lines(file, in);
        long declared = -1;
        if (!lines.next()) {
            throw new AnnotationFormatException(file + " is empty: expected CelebA's attribute file");
        }
        String first = lines.text(lines.start, lines.end);
        if (csv) {
            checkAttributeHeader(file, 1, first, true);
        } else {
            try {
                declared = Long.parseLong(first.strip());
                if (!lines.next()) {
                    throw new AnnotationFormatException(file + " ends after its count line: no attribute header");
                }
                checkAttributeHeader(file, 2, lines.text(lines.start, lines.end), false);
            } catch (NumberFormatException e) {
                checkAttributeHeader(file, 1, first, false);
                warnings.add(file + ": no count line (line 1 is the header); row count not checked");
            }
        }
        Table table = new Table(file, declared);
        long found = readRows(lines, () -> attributeRow(table, lines, csv));
        if (declared >= 0 && declared != found) {
            warnings.add(file + ": count line declares " + declared + " rows, found " + found);
        }
        checksums.put(file, lines.sha256());
        table.sortAndDropDuplicates();
        return table;
    }

    private void checkAttributeHeader(String file, int lineNo, String line, boolean csv)
            throws AnnotationFormatException {
        List<String> names = new ArrayList<>();
        for (String s : csv ? line.split(",", -1) : line.strip().split("[ \t\r]+")) {
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

    private void attributeRow(Table table, Lines lines, boolean csv) {
        int n = split(lines, csv);
        String id = imageId(lines, n, table);
        if (id == null) {
            return;
        }
        if (n != MAX_FIELDS) {
            table.malformed(id, lines.number, "expected " + MAX_FIELDS + " fields, found " + n);
            return;
        }
        byte[] b = lines.buf;
        long bits = 0;
        for (int a = 0; a < CelebaAttributes.COUNT; a++) {
            int s = starts[a + 1];
            int len = ends[a + 1] - s;
            if (len == 1 && b[s] == '1') {
                bits |= 1L << a;
            } else if (!(len == 2 && b[s] == '-' && b[s + 1] == '1')) {
                table.malformed(id, lines.number, "column " + CelebaAttributes.NAMES.get(a) + " (field "
                        + (a + 2) + ") is '" + lines.text(s, ends[a + 1]) + "', expected 1 or -1");
                return;
            }
        }
        table.add(id, bits, lines.number);
    }

    // ---- partition and identity files ------------------------------------------------------------------

    private Table parsePartition(String file, InputStream in) throws IOException {
        boolean csv = isCsv(file);
        Lines lines = new Lines(file, in);
        if (csv) {
            String header = lines.next() ? lines.text(lines.start, lines.end) : null;
            if (header == null || !header.replace(" ", "").equals("image_id,partition")) {
                throw new AnnotationFormatException(file + " line 1 is " + (header == null ? "missing"
                        : "'" + header + "'") + ", expected the header 'image_id,partition': this is not "
                        + "CelebA's partition file");
            }
        }
        return readNameValueRows(file, lines, csv, "partition code", "is not 0, 1 or 2", (buf, s, e) -> {
            Split split = e - s == 1 ? Split.fromCode(buf[s] - '0') : null;
            return split == null ? -1 : split.code();
        });
    }

    private Table parseIdentity(String file, InputStream in) throws IOException {
        return readNameValueRows(file, new Lines(file, in), false, "identity", "is not a non-negative integer",
                (buf, s, e) -> {
                    long person = e - s <= 9 ? 0 : -1; // nine digits cannot overflow an int
                    for (int i = s; i < e && person >= 0; i++) {
                        byte c = buf[i];
                        person = c >= '0' && c <= '9' ? person * 10 + (c - '0') : -1;
                    }
                    return person;
                });
    }

    /** Parses the value field of a two-field row; -1 when it breaks the field's rule. */
    @FunctionalInterface
    private interface ValueField {
        long parse(byte[] buf, int start, int end);
    }

    /**
     * Reads {@code name value} rows (the partition and identity files): every row needs an image name and
     * exactly two fields; the value must pass {@code field}, or the row is a problem saying
     * "{@code <what> '<text>' <rule>}".
     */
    private Table readNameValueRows(String file, Lines lines, boolean csv, String what, String rule, ValueField field)
            throws IOException {
        Table table = new Table(file, attributes.size);
        readRows(lines, () -> {
            int n = split(lines, csv);
            String id = imageId(lines, n, table);
            if (id == null) {
                return;
            }
            if (n != 2) {
                table.malformed(id, lines.number, "expected 2 fields, found " + n);
                return;
            }
            long value = field.parse(lines.buf, starts[1], ends[1]);
            if (value < 0) {
                table.malformed(id, lines.number, what + " '" + lines.text(starts[1], ends[1]) + "' " + rule);
                return;
            }
            table.add(id, value, lines.number);
        });
        checksums.put(file, lines.sha256());
        table.sortAndDropDuplicates();
        return table;
    }

    // ---- join ------------------------------------------------------------------------------------------

    /** Merges the three id-sorted tables into the kept rows; reports what does not match. */
    private CelebaAnnotations join(Table attr, Table part, Table identity) {
        List<String> ids = new ArrayList<>(attr.size);
        byte[] splits = new byte[attr.size];
        int[] persons = new int[attr.size];
        long[] bits = new long[attr.size];
        int kept = 0;
        int p = 0;
        int q = 0;
        long withoutIdentity = 0;
        long strayIdentities = 0;
        for (int a = 0; a < attr.size; a++) {
            String id = attr.ids[a];
            for (; p < part.size && part.ids[p].compareTo(id) < 0; p++) {
                partitionWithoutAttributes(attr, part, p);
            }
            int person = -1;
            if (identity != null) {
                for (; q < identity.size && identity.ids[q].compareTo(id) < 0; q++) {
                    strayIdentities++;
                }
                if (q < identity.size && identity.ids[q].equals(id)) {
                    person = (int) identity.values[q++];
                }
            }
            if (p < part.size && part.ids[p].equals(id)) {
                if (person < 0 && identity != null) {
                    withoutIdentity++;
                }
                ids.add(id);
                splits[kept] = (byte) part.values[p++];
                persons[kept] = person;
                bits[kept] = attr.values[a];
                kept++;
            } else if (!part.malformedIds.contains(id)) {
                problem(id, attr.file, attr.lines[a], RejectReason.NO_PARTITION, "no row in " + part.file);
            }
        }
        for (; p < part.size; p++) {
            partitionWithoutAttributes(attr, part, p);
        }
        if (identity != null) {
            strayIdentities += identity.size - q;
            if (withoutIdentity > 0) {
                warnings.add(identity.file + ": " + withoutIdentity
                        + " images have no valid identity row: identity -1");
            }
            if (strayIdentities > 0) {
                warnings.add(identity.file + ": " + strayIdentities + " rows name images absent from "
                        + attr.file + " (ignored)");
            }
        }
        problems.sort(Comparator.comparing(AnnotationProblem::file).thenComparingLong(AnnotationProblem::line));
        return new CelebaAnnotations(ids, Arrays.copyOf(splits, kept), Arrays.copyOf(persons, kept),
                Arrays.copyOf(bits, kept), problems, warnings, checksums);
    }

    private void partitionWithoutAttributes(Table attr, Table part, int p) {
        if (!attr.malformedIds.contains(part.ids[p])) {
            problem(part.ids[p], part.file, part.lines[p], RejectReason.MALFORMED_ANNOTATION,
                    "in partition file but not in attribute file");
        }
    }

    // ---- lines and fields ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface RowHandler {
        void row();
    }

    /**
     * Hands every non-blank line to {@code handler} and returns how many there were. A blank line is a
     * problem only when a row follows it: trailing blank lines are normal at the end of a file.
     */
    private long readRows(Lines lines, RowHandler handler) throws IOException {
        List<Long> blanks = new ArrayList<>();
        long rows = 0;
        while (lines.next()) {
            if (lines.isBlank()) {
                blanks.add(lines.number);
                continue;
            }
            for (long b : blanks) {
                problem(null, lines.file, b, RejectReason.MALFORMED_ANNOTATION, "empty line");
            }
            blanks.clear();
            handler.row();
            rows++;
        }
        return rows;
    }

    /**
     * Splits the current line into fields, recording the first {@link #MAX_FIELDS} in {@link #starts}/
     * {@link #ends}, and returns the true count. Text files separate fields by runs of spaces or tabs; CSV
     * by single commas, with spaces around a field ignored.
     */
    private int split(Lines lines, boolean csv) {
        byte[] b = lines.buf;
        int end = lines.end;
        int i = lines.start;
        int n = 0;
        if (csv) {
            while (true) {
                int comma = i;
                while (comma < end && b[comma] != ',') {
                    comma++;
                }
                int s = i;
                int e = comma;
                while (s < e && isSpace(b[s])) {
                    s++;
                }
                while (e > s && isSpace(b[e - 1])) {
                    e--;
                }
                record(n++, s, e);
                if (comma == end) {
                    return n;
                }
                i = comma + 1;
            }
        }
        while (true) {
            while (i < end && isSpace(b[i])) {
                i++;
            }
            if (i == end) {
                return n;
            }
            int s = i;
            while (i < end && !isSpace(b[i])) {
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

    /** Space, tab, a stray CR or any other control byte separates fields (one comparison per byte). */
    private static boolean isSpace(byte c) {
        return c <= ' ' && c >= 0;
    }

    /**
     * The row's image id, or {@code null} after reporting an empty name. In the partition and identity files
     * the next valid row almost always names the same image as the attribute row at the same position (the
     * release lists every file in one order), so that row's {@code String} is reused when the bytes match:
     * this saves 400,000 allocations on the full release and makes the join's {@code equals} an identity
     * check.
     */
    private String imageId(Lines lines, int fields, Table table) {
        int s = starts[0];
        int e = ends[0];
        if (fields == 0 || e == s) {
            problem(null, lines.file, lines.number, RejectReason.MALFORMED_ANNOTATION, "empty image name");
            return null;
        }
        if (attributes != null && table.size < attributes.size) {
            String candidate = attributes.ids[table.size];
            if (candidate.length() == e - s && sameAscii(candidate, lines.buf, s)) {
                return candidate;
            }
        }
        return lines.text(s, e);
    }

    private static boolean sameAscii(String text, byte[] bytes, int from) {
        for (int i = 0; i < text.length(); i++) {
            byte b = bytes[from + i];
            if (b < 0 || text.charAt(i) != b) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCsv(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private void problem(String id, String file, long line, RejectReason reason, String detail) {
        problems.add(new AnnotationProblem(id, file, line, reason, detail));
    }

    /**
     * A file's lines as byte ranges of a reusable buffer, ended by LF or CRLF (a stray CR counts as a
     * space; CR alone, as on classic Mac OS, does not end a line), a leading UTF-8 BOM dropped, and the
     * SHA-256 of every byte read.
     */
    private static final class Lines {
        /** A line this long means a binary or foreign file; refusing it bounds the buffer. */
        private static final int MAX_LINE = 1 << 20;

        final String file;
        private final InputStream in;
        private final MessageDigest digest;
        byte[] buf = new byte[1 << 16];
        /** The current line is {@code buf[start, end)}, without its terminator. */
        int start;
        int end;
        /** 1-based number of the current line. */
        long number;
        private int pos;
        private int limit;
        private boolean eof;

        Lines(String file, InputStream in) {
            this.file = file;
            this.in = in;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        /** Advances to the next line; {@code false} at the end of the file. */
        boolean next() throws IOException {
            int scanned = pos;
            while (true) {
                for (int i = scanned; i < limit; i++) {
                    if (buf[i] == '\n') {
                        setLine(pos, i);
                        pos = i + 1;
                        return true;
                    }
                }
                if (eof) {
                    if (pos == limit) {
                        return false;
                    }
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                scanned = limit - pos;
                fill();
            }
        }

        private void fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                if (buf.length >= MAX_LINE) {
                    throw new AnnotationFormatException(file + " line " + (number + 1) + " is longer than "
                            + MAX_LINE + " bytes: this is not a CelebA annotation file");
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                digest.update(buf, limit, read);
                limit += read;
            }
        }

        private void setLine(int s, int e) {
            if (++number == 1 && e - s >= 3 && buf[s] == (byte) 0xEF && buf[s + 1] == (byte) 0xBB
                    && buf[s + 2] == (byte) 0xBF) {
                s += 3;
            }
            start = s;
            end = e > s && buf[e - 1] == '\r' ? e - 1 : e;
        }

        boolean isBlank() {
            for (int i = start; i < end; i++) {
                if (!isSpace(buf[i])) {
                    return false;
                }
            }
            return true;
        }

        String text(int s, int e) {
            return new String(buf, s, e - s, StandardCharsets.UTF_8);
        }

        /** The checksum of everything read; call once {@link #next()} returned {@code false}. */
        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
