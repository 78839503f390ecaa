package io.celebaspark.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * CelebA's annotation files, validated and joined into one row per image, plus everything that was left
 * out and why. The preprocess driver reads this once and pairs it with the image files; the problems go to
 * the rejects table, the warnings to the log, and the checksums to the manifest (so a tensors table can be
 * traced to the exact annotation files it came from).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A row is kept when the image has a valid attribute row and a valid partition row. Identity is
 *       optional: without an identity file, or without a valid identity row, it is {@code -1}.</li>
 *   <li>Bad rows never throw: wrong field count, a value other than 1/-1, a partition code other than 0/1/2,
 *       a non-numeric identity, an empty name, a blank line between rows are
 *       {@link RejectReason#MALFORMED_ANNOTATION}; a second row for an image in one file is
 *       {@link RejectReason#DUPLICATE_ANNOTATION} (the first valid row wins); an attribute row without a
 *       partition row is {@link RejectReason#NO_PARTITION}; a partition row without an attribute row is
 *       {@code MALFORMED_ANNOTATION} ("in partition file but not in attribute file"), since its image
 *       cannot be labelled.</li>
 *   <li>Each left-out image is reported once: an image whose only partition row was malformed gets that
 *       problem, not an extra {@code NO_PARTITION}; likewise for an image whose only attribute row was
 *       malformed.</li>
 *   <li>A wrong file (attribute header other than CelebA's 40 names in release order, a CSV without its
 *       header) throws {@link AnnotationFormatException}: it is the wrong input, not a bad row.</li>
 *   <li>Not rejects but warnings: a count line that disagrees with the rows found, a missing identity
 *       file, images without identity rows, identity rows for unknown images.</li>
 * </ul>
 *
 * <h2>Storage</h2>
 * The rows are kept sorted by image id in parallel arrays, the ids as one UTF-8 byte array: 27 bytes of
 * arrays per row (about 32 bytes per row retained, measured: 6.5 MB for the full 202,599 rows) instead of
 * ~90 for a list of records, so the driver can hold it, or broadcast it, without thought. {@link #rows()} is
 * a view that materialises {@link AnnotationRow}s on demand.
 */
public final class CelebaAnnotations {
    private final byte[] idBytes;
    /** Row {@code i}'s id is {@code idBytes[idEnd[i-1] .. idEnd[i])}. */
    private final int[] idEnd;
    private final byte[] splits;
    private final int[] identities;
    private final long[] attributeBits;
    private final List<AnnotationProblem> problems;
    private final List<String> warnings;
    private final Map<String, String> sha256ByFile;

    CelebaAnnotations(List<String> sortedIds, byte[] splitCodes, int[] identities, long[] attributeBits,
                      List<AnnotationProblem> problems, List<String> warnings, Map<String, String> sha256ByFile) {
        int n = sortedIds.size();
        this.idEnd = new int[n];
        byte[] packed = new byte[n * 10]; // CelebA's ids are 10 ASCII bytes; grown if not
        int total = 0;
        for (int i = 0; i < n; i++) {
            byte[] b = sortedIds.get(i).getBytes(StandardCharsets.UTF_8);
            if (total + b.length > packed.length) {
                packed = Arrays.copyOf(packed, Math.max(packed.length * 2, total + b.length));
            }
            System.arraycopy(b, 0, packed, total, b.length);
            total += b.length;
            idEnd[i] = total;
        }
        this.idBytes = Arrays.copyOf(packed, total);
        this.splits = splitCodes;
        this.identities = identities;
        this.attributeBits = attributeBits;
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
        this.sha256ByFile = Collections.unmodifiableMap(new LinkedHashMap<>(sha256ByFile));
    }

    /**
     * Reads the annotation files of {@code source} from whatever file system its paths name. Problems and
     * checksums refer to files by {@link CelebaSource#relativeName}.
     *
     * @throws AnnotationFormatException when a file is not the CelebA file it should be
     * @throws IOException               when a file cannot be read
     */
    public static CelebaAnnotations read(Configuration conf, CelebaSource source) throws IOException {
        Path attributes = new Path(source.attributesFile());
        Path partition = new Path(source.partitionFile());
        Path identity = source.identityFileOrNull() == null ? null : new Path(source.identityFileOrNull());
        try (InputStream a = open(conf, attributes); InputStream p = open(conf, partition);
             InputStream id = identity == null ? null : open(conf, identity)) {
            return parse(source.relativeName(source.attributesFile()), a,
                    source.relativeName(source.partitionFile()), p,
                    identity == null ? null : source.relativeName(source.identityFileOrNull()), id);
        }
    }

    private static InputStream open(Configuration conf, Path path) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs.open(path, 1 << 20);
    }

    /**
     * Parses annotation files from streams (not closed here). A name ending in {@code .csv} selects Kaggle's
     * CSV format, anything else the release's space-separated text; the names also label problems and
     * checksums.
     *
     * @param identityNameOrNull  the identity file's name, or {@code null} when there is no identity file
     * @param identityOrNull      its content, or {@code null}
     */
    public static CelebaAnnotations parse(String attributesName, InputStream attributes, String partitionName,
                                          InputStream partition, String identityNameOrNull,
                                          InputStream identityOrNull) throws IOException {
        return new AnnotationParser().parse(attributesName, attributes, partitionName, partition,
                identityNameOrNull, identityOrNull);
    }

    /** Number of kept rows. */
    public int size() {
        return idEnd.length;
    }

    /** Kept row {@code i}, in image-id order. */
    public AnnotationRow row(int i) {
        return new AnnotationRow(imageId(i), Split.fromCode(splits[i]), identities[i], attributeBits[i]);
    }

    /** The kept rows sorted by image id, as a read-only view (rows are built as they are read). */
    public List<AnnotationRow> rows() {
        return new RowView();
    }

    /** The row for {@code imageId}, or {@code null} when it was not kept. Binary search: O(log n). */
    public AnnotationRow find(String imageId) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = imageId(mid).compareTo(imageId);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return row(mid);
            }
        }
        return null;
    }

    /** Kept rows per split (every split present, possibly 0). */
    public Map<Split, Integer> splitCounts() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            counts.put(s, 0);
        }
        for (byte code : splits) {
            counts.merge(Split.fromCode(code), 1, Integer::sum);
        }
        return counts;
    }

    /** Rows left out, sorted by file and line. */
    public List<AnnotationProblem> problems() {
        return problems;
    }

    /** Conditions worth a log line that reject nothing (count-line mismatch, identities unknown, …). */
    public List<String> warnings() {
        return warnings;
    }

    /** Lower-case hex SHA-256 of every annotation file read, keyed by its name, in reading order. */
    public Map<String, String> sha256ByFile() {
        return sha256ByFile;
    }

    private String imageId(int i) {
        int start = i == 0 ? 0 : idEnd[i - 1];
        return new String(idBytes, start, idEnd[i] - start, StandardCharsets.UTF_8);
    }

    private final class RowView extends AbstractList<AnnotationRow> implements RandomAccess {
        @Override
        public AnnotationRow get(int index) {
            return row(index);
        }

        @Override
        public int size() {
            return CelebaAnnotations.this.size();
        }
    }
}
