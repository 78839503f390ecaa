package io.celebaspark.fs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Small text files and whole folders on any Hadoop file system, written so that a reader never sees half
 * of one: model bundles, checkpoints and preprocess outputs are all folders that must appear complete or
 * not at all, because a crash can come at any moment and a resume or a predict trusts what it finds.
 */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    /** What goes into a folder before it is published. */
    @FunctionalInterface
    public interface FolderContents {
        void writeInto(Path staging) throws IOException;
    }

    /**
     * The path's file system, without Hadoop's client-side {@code .crc} files on local disks: run folders and
     * model bundles are folders people copy, inspect and edit (model.json), and a stale hidden checksum would
     * make a folder that was edited, or copied without its dot-files, unreadable.
     */
    public static FileSystem fileSystem(Path path, Configuration conf) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the file system of " + path + ": " + e.getMessage(), e);
        }
    }

    public static void writeText(FileSystem fs, Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static String readText(FileSystem fs, Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Refuses a folder that a command is to create when it exists already, leaving it as it is: the one check
     * behind preprocess's DATA_DIR, train's run folder and synth's CelebA folder, so that none of them writes
     * into (or over) something it did not make, and each says so the same way, naming the folder and what to do.
     *
     * @param what     what the folder is, for the message: {@code run folder}
     * @param whatToDo the way out the command offers: {@code pass --overwrite to replace it}
     * @throws FolderExistsException when {@code folder} exists
     */
    public static void requireAbsent(FileSystem fs, Path folder, String what, String whatToDo) throws IOException {
        if (fs.exists(folder)) {
            throw new FolderExistsException(what, folder.toString(), whatToDo);
        }
    }

    /**
     * Proves that this process can write into {@code dir} (creating it when absent) by creating and deleting a
     * hidden probe file there: permissions, read-only mounts, immutable folders and object-store credentials
     * all show up, whatever the file system, which asking for permission bits would not (a root user passes
     * every permission check).
     *
     * @throws IOException the file system's reason, when the folder cannot be created or written
     */
    public static void probeWritable(FileSystem fs, Path dir) throws IOException {
        if (!fs.mkdirs(dir)) {
            throw new IOException("cannot create the folder");
        }
        Path probe = new Path(dir, "_write-check-" + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(probe, false)) {
            out.write(0);
        }
        fs.delete(probe, false);
    }

    /**
     * Writes a folder at {@code target} whole: the contents go into a hidden sibling staging folder (one
     * a crashed earlier attempt left is discarded first), which is then {@linkplain #publish published}.
     * On failure the staging folder is removed and {@code target} is as it was.
     */
    public static void writeFolder(FileSystem fs, Path target, FolderContents contents) throws IOException {
        Path staging = sibling(target, "staging");
        fs.delete(staging, true);
        try {
            fs.mkdirs(staging);
            contents.writeInto(staging);
            publish(fs, staging, target);
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(staging, true);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Renames the complete folder {@code staging} into place as {@code target} (creating its parent). A
     * folder already at {@code target} is moved aside first and deleted after, so {@code target} always holds
     * a complete folder, old or new, except for the instant between the two renames.
     */
    public static void publish(FileSystem fs, Path staging, Path target) throws IOException {
        Path old = null;
        if (fs.exists(target)) {
            old = sibling(target, "replaced");
            fs.delete(old, true);
            if (!fs.rename(target, old)) {
                throw new IOException("cannot move the previous " + target + " aside to " + old);
            }
        } else if (target.getParent() != null) {
            fs.mkdirs(target.getParent());
        }
        if (!fs.rename(staging, target)) {
            throw new IOException("cannot rename " + staging + " to " + target);
        }
        if (old != null) {
            fs.delete(old, true);
        }
    }

    private static Path sibling(Path target, String role) {
        if (target.getParent() == null) {
            throw new IllegalArgumentException("a folder of its own is needed, not the root " + target);
        }
        return new Path(target.getParent(), "." + target.getName() + "." + role);
    }
}
