package io.celebaspark.preprocess;

import io.celebaspark.data.AnnotationProblem;
import io.celebaspark.data.AnnotationRow;
import io.celebaspark.data.RejectReason;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the preprocess job will do, decided on the driver before any image is read: which images to decode
 * (in image-id order, cut into resumable shards), and which annotation rows and files are rejected without
 * decoding. Pure, so the join rules are unit-tested without Spark:
 * <ul>
 *   <li>an annotation row with its image: decoded;</li>
 *   <li>an annotation row without its image: {@code missing_image} (normal for a partial download);</li>
 *   <li>an image without a valid annotation row: the row's problem if it had one, else {@code no_annotation};</li>
 *   <li>any other annotation problem: rejected as it is;</li>
 *   <li>beyond {@code limit}: skipped and counted, not rejected.</li>
 * </ul>
 */
public final class WorkPlan {
    private final List<List<WorkItem>> shards;
    private final List<RejectRecord> rejects;
    private final int existingImages;
    private final int skippedByLimit;
    private final String fingerprint;

    private WorkPlan(List<List<WorkItem>> shards, List<RejectRecord> rejects, int existingImages,
                     int skippedByLimit, String fingerprint) {
        this.shards = shards;
        this.rejects = rejects;
        this.existingImages = existingImages;
        this.skippedByLimit = skippedByLimit;
        this.fingerprint = fingerprint;
    }

    /**
     * @param rows       valid annotation rows
     * @param problems   annotation rows that could not be used
     * @param imageNames names of the files in the image folder
     * @param imageDir   Hadoop path of the image folder (no trailing slash)
     * @param limit      images to decode at most, 0 for all
     * @param shardSize  images per shard
     * @param settingsId anything else that changes the output (resolved settings), for the fingerprint
     */
    public static WorkPlan build(List<AnnotationRow> rows, List<AnnotationProblem> problems, List<String> imageNames,
                                 String imageDir, int limit, int shardSize, String settingsId) {
        Map<String, AnnotationRow> byId = new TreeMap<>();
        for (AnnotationRow row : rows) {
            byId.put(row.imageId(), row);
        }
        Map<String, AnnotationProblem> problemById = new LinkedHashMap<>();
        List<RejectRecord> rejects = new ArrayList<>();
        for (AnnotationProblem p : problems) {
            String detail = p.file() + ":" + p.line() + ": " + p.detail();
            boolean imageHasValidRow = p.imageId() != null && byId.containsKey(p.imageId());
            if (p.imageId() == null || imageHasValidRow || problemById.containsKey(p.imageId())) {
                rejects.add(new RejectRecord(p.imageId(), null, null, p.reason(), detail));
            } else {
                problemById.put(p.imageId(), p);
            }
        }
        List<String> names = new ArrayList<>(imageNames);
        Collections.sort(names);
        List<WorkItem> work = new ArrayList<>();
        Set<String> present = new HashSet<>(names.size() * 2);
        int skipped = 0;
        int existing = 0;
        for (String name : names) {
            present.add(name);
            String path = imageDir + "/" + name;
            AnnotationRow row = byId.get(name);
            if (row != null) {
                if (limit > 0 && work.size() >= limit) {
                    skipped++;
                    continue;
                }
                existing++;
                work.add(new WorkItem(name, path, row.split().label(), row.identity(), row.attributeBits()));
            } else {
                existing++;
                AnnotationProblem p = problemById.remove(name);
                rejects.add(p == null
                        ? new RejectRecord(name, path, null, RejectReason.NO_ANNOTATION,
                        "no row names this file in the attribute and partition files")
                        : new RejectRecord(name, path, null, p.reason(), p.file() + ":" + p.line() + ": " + p.detail()));
            }
        }
        for (AnnotationProblem p : problemById.values()) {
            rejects.add(new RejectRecord(p.imageId(), null, null, p.reason(), p.file() + ":" + p.line() + ": " + p.detail()));
        }
        for (AnnotationRow row : byId.values()) {
            if (!present.contains(row.imageId())) {
                rejects.add(new RejectRecord(row.imageId(), null, row.split().label(), RejectReason.MISSING_IMAGE,
                        "annotated in split " + row.split().label() + " but no such file in " + imageDir));
            }
        }
        List<List<WorkItem>> shards = new ArrayList<>();
        for (int from = 0; from < work.size(); from += shardSize) {
            shards.add(List.copyOf(work.subList(from, Math.min(work.size(), from + shardSize))));
        }
        return new WorkPlan(List.copyOf(shards), List.copyOf(rejects), existing, skipped,
                fingerprint(work, rejects, settingsId));
    }

    private static String fingerprint(List<WorkItem> work, List<RejectRecord> rejects, String settingsId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(settingsId.getBytes(StandardCharsets.UTF_8));
            for (WorkItem w : work) {
                digest.update((w.path() + '|' + w.split() + '|' + w.identity() + '|' + w.attributeBits() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            digest.update(Integer.toString(rejects.size()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Images to decode, in image-id order, cut into shards of at most {@code shardSize}. */
    public List<List<WorkItem>> shards() {
        return shards;
    }

    /** Rejects decided without decoding: annotation problems, files without rows, rows without files. */
    public List<RejectRecord> rejects() {
        return rejects;
    }

    /** Images that exist and are considered (decoded or rejected), the denominator of the reject fraction. */
    public int existingImages() {
        return existingImages;
    }

    /** Annotated images that exist but were left out by {@code --limit}. */
    public int skippedByLimit() {
        return skippedByLimit;
    }

    public int imagesToDecode() {
        return shards.stream().mapToInt(List::size).sum();
    }

    /** Changes whenever the work, the decided rejects or the settings change: guards resuming a shard. */
    public String fingerprint() {
        return fingerprint;
    }
}
