package io.celebaspark.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds CelebA under the folder a user names with {@code --input}, whichever way they downloaded it, so
 * nobody has to rearrange 200,000 files first. It only asks the file system whether a few names exist
 * (through Hadoop's {@link FileSystem}, so the same code reads local disks, HDFS and S3); it never lists the
 * image folder.
 *
 * <p>Candidates, in order of preference:
 * <ol>
 *   <li>{@link SourceLayout#OFFICIAL} at the root: {@code Anno/list_attr_celeba.txt},
 *       {@code Eval/list_eval_partition.txt}, {@code Img/img_align_celeba/}, optional
 *       {@code Anno/identity_CelebA.txt};</li>
 *   <li>{@link SourceLayout#TORCHVISION} at the root, then at {@code root/celeba} (where torchvision's
 *       {@code CelebA(root)} puts it): {@code list_attr_celeba.txt}, {@code list_eval_partition.txt},
 *       {@code img_align_celeba/}, optional {@code identity_CelebA.txt};</li>
 *   <li>{@link SourceLayout#KAGGLE} at the root: {@code list_attr_celeba.csv},
 *       {@code list_eval_partition.csv}, {@code img_align_celeba/img_align_celeba/} (or a flat
 *       {@code img_align_celeba/} if the user moved the images up), optional {@code identity_CelebA.txt}.</li>
 * </ol>
 * <b>Rule:</b> the first <em>complete</em> candidate wins: attributes, partition and image folder all in the
 * same layout. Pieces are never mixed across layouts (annotations of one, images of another), because a
 * half-copied second layout next to a complete one is far more common than a deliberate mix, and a
 * silent mix would hide it. The identity file is optional everywhere; without it identity is -1.
 */
public final class LayoutDetector {

    private record Candidate(SourceLayout layout, String prefix, String attributes, String partition,
                             String identity, List<String> imageDirs, String imageZip /* nullable */) {
    }

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate(SourceLayout.OFFICIAL, "", "Anno/list_attr_celeba.txt", "Eval/list_eval_partition.txt",
                    "Anno/identity_CelebA.txt", List.of("Img/img_align_celeba"), "Img/img_align_celeba.zip"),
            new Candidate(SourceLayout.TORCHVISION, "", "list_attr_celeba.txt", "list_eval_partition.txt",
                    "identity_CelebA.txt", List.of("img_align_celeba"), "img_align_celeba.zip"),
            new Candidate(SourceLayout.TORCHVISION, "celeba", "list_attr_celeba.txt", "list_eval_partition.txt",
                    "identity_CelebA.txt", List.of("img_align_celeba"), "img_align_celeba.zip"),
            new Candidate(SourceLayout.KAGGLE, "", "list_attr_celeba.csv", "list_eval_partition.csv",
                    "identity_CelebA.txt", List.of("img_align_celeba/img_align_celeba", "img_align_celeba"),
                    null));

    private LayoutDetector() {
    }

    /**
     * Detects the layout under {@code root} (any Hadoop path or URI).
     *
     * @throws CelebaLayoutException when the root is missing or unreadable, or no candidate is complete; the
     *                               message lists, per layout, what was found and what is missing
     */
    public static CelebaSource detect(Configuration conf, String root) throws CelebaLayoutException {
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(conf);
            rootPath = fs.makeQualified(rootPath);
            FileStatus rootStatus = status(fs, rootPath);
            if (rootStatus == null || !rootStatus.isDirectory()) {
                throw new CelebaLayoutException("--input " + rootPath + (rootStatus == null
                        ? " does not exist" : " is a file, not a folder")
                        + ": point --input at the folder that holds CelebA (" + expectedSummary() + ")");
            }
            List<String> report = new ArrayList<>();
            for (Candidate c : CANDIDATES) {
                Path dir = c.prefix.isEmpty() ? rootPath : new Path(rootPath, c.prefix);
                List<String> found = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                boolean attributes = checkFile(fs, dir, c.attributes, found, missing);
                boolean partition = checkFile(fs, dir, c.partition, found, missing);
                String imageDir = null;
                for (String candidateDir : c.imageDirs) {
                    if (isDirectory(fs, new Path(dir, candidateDir))) {
                        imageDir = candidateDir;
                        break;
                    }
                }
                if (imageDir != null) {
                    found.add(imageDir + "/");
                } else {
                    boolean zipped = c.imageZip != null && status(fs, new Path(dir, c.imageZip)) != null;
                    missing.add(c.imageDirs.get(0) + "/" + (zipped ? " (" + c.imageZip + " is there: unzip it)" : ""));
                }
                Path identity = new Path(dir, c.identity);
                FileStatus identityStatus = status(fs, identity);
                boolean hasIdentity = identityStatus != null && identityStatus.isFile();
                if (attributes && partition && imageDir != null) {
                    return new CelebaSource(c.layout, dir.toString(), new Path(dir, c.attributes).toString(),
                            new Path(dir, c.partition).toString(), hasIdentity ? identity.toString() : null,
                            new Path(dir, imageDir).toString());
                }
                if (hasIdentity) {
                    found.add(c.identity);
                }
                report.add("  " + c.layout + " at " + dir + ":\n      found:   "
                        + (found.isEmpty() ? "nothing" : String.join(", ", found))
                        + "\n      missing: " + String.join(", ", missing));
            }
            throw new CelebaLayoutException("No complete CelebA layout under " + rootPath
                    + ". Point --input at the folder that holds one of these (the identity file is optional):\n"
                    + String.join("\n", report));
        } catch (CelebaLayoutException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new CelebaLayoutException("cannot read --input " + root + ": " + e.getMessage(), e);
        }
    }

    private static String expectedSummary() {
        return "Anno/ + Eval/ + Img/ of the official release, torchvision's celeba/ folder, or the Kaggle folder "
                + "with list_attr_celeba.csv";
    }

    private static boolean checkFile(FileSystem fs, Path dir, String name, List<String> found,
                                     List<String> missing) throws IOException {
        FileStatus s = status(fs, new Path(dir, name));
        boolean ok = s != null && s.isFile();
        (ok ? found : missing).add(name);
        return ok;
    }

    private static boolean isDirectory(FileSystem fs, Path path) throws IOException {
        FileStatus s = status(fs, path);
        return s != null && s.isDirectory();
    }

    private static FileStatus status(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        }
    }
}
