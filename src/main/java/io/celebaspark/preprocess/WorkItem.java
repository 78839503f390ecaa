package io.celebaspark.preprocess;

import java.io.Serializable;

/**
 * One image to decode, with its annotation, as shipped to an executor. Small on purpose: the driver
 * holds only these (never pixels), so its heap stays flat whatever the dataset size.
 *
 * @param imageId       file name as in the annotation files, e.g. {@code 000001.jpg}
 * @param path          full Hadoop path of the image
 * @param split         {@code train}, {@code val} or {@code test}
 * @param identity      CelebA identity, or -1 when the source has no identity file
 * @param attributeBits bit i set when attribute i of {@link io.celebaspark.data.CelebaAttributes} is 1
 */
public record WorkItem(String imageId, String path, String split, int identity, long attributeBits)
        implements Serializable {
}
