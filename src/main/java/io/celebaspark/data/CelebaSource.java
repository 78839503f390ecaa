package io.celebaspark.data;

/**
 * Where the CelebA files of one input are, as fully qualified Hadoop path strings, so that the driver can
 * hand them to executors on any file system (local, HDFS, S3) without re-running detection. Produced by
 * {@link LayoutDetector}; read by {@link CelebaAnnotations#read}.
 *
 * @param layout             which layout was recognised
 * @param root               the folder the layout was found in (for torchvision this may be {@code <input>/celeba})
 * @param attributesFile     the 40-attribute file ({@code .txt} or Kaggle {@code .csv})
 * @param partitionFile      the train/val/test partition file ({@code .txt} or Kaggle {@code .csv})
 * @param identityFileOrNull the identity file, or {@code null} when there is none (always so for Kaggle):
 *                           every row then has identity {@code -1}
 * @param imageDir           the folder of aligned {@code NNNNNN.jpg} images
 */
public record CelebaSource(SourceLayout layout, String root, String attributesFile, String partitionFile,
                           String identityFileOrNull, String imageDir) {

    /**
     * The name by which reports, problems and checksums refer to a file of this source: its path relative
     * to {@link #root()} (e.g. {@code Anno/list_attr_celeba.txt}), which does not change when the data
     * moves between machines.
     */
    public String relativeName(String path) {
        String prefix = root.endsWith("/") ? root : root + "/";
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    /** A one-line, human-readable account of what was found, for logs and the manifest. */
    public String description() {
        String identity = identityFileOrNull == null
                ? "identity unknown (no identity_CelebA.txt" + (layout == SourceLayout.KAGGLE
                        ? "; the Kaggle release has none" : "") + "): identity = -1 for every image"
                : "identity " + relativeName(identityFileOrNull);
        return layout + " layout at " + root + ": attributes " + relativeName(attributesFile) + ", partition "
                + relativeName(partitionFile) + ", " + identity + ", images " + relativeName(imageDir) + "/";
    }
}
