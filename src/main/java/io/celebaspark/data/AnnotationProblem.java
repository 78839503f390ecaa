package io.celebaspark.data;

/**
 * An annotation row that was left out, and why. Bad rows are collected rather than thrown so that one
 * damaged line does not stop a 200,000-row job; the preprocess job writes each one to the rejects table,
 * where the file and line let the user find and fix it.
 *
 * @param imageId the image the row names, or {@code null} when it could not be read (an empty line, an
 *                empty name)
 * @param file    the annotation file, relative to the source root (e.g. {@code Eval/list_eval_partition.txt})
 * @param line    1-based line number in that file
 * @param reason  {@link RejectReason#MALFORMED_ANNOTATION}, {@link RejectReason#DUPLICATE_ANNOTATION} or
 *                {@link RejectReason#NO_PARTITION}
 * @param detail  what exactly is wrong, e.g. {@code expected 41 fields, found 17}
 */
public record AnnotationProblem(String imageId, String file, long line, RejectReason reason, String detail) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason.code() + (imageId == null ? "" : " " + imageId) + ": " + detail;
    }
}
