package io.celebaspark.preprocess;

import io.celebaspark.data.RejectReason;

import java.io.Serializable;

/**
 * One row of the rejects table: an image or annotation row left out, and why.
 *
 * @param imageId the image name, or {@code null} when an annotation row was unreadable
 * @param path    the image file, or {@code null} when there is none
 * @param split   the split the annotation placed it in, or {@code null} when unknown
 * @param reason  why it was left out
 * @param detail  what exactly was wrong, for a human (file and line for annotation rows)
 */
public record RejectRecord(String imageId, String path, String split, RejectReason reason, String detail)
        implements Serializable {
}
