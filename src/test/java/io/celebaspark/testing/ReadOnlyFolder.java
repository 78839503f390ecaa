package io.celebaspark.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A folder nobody can write into while the test holds it, for the "read-only output" cases: its write
 * permissions are removed, and where that does not bind (a root user, as in some CI containers) it is also
 * made immutable with {@code chattr +i}. A test is skipped, saying why, when neither takes effect. Closing
 * restores the folder so that {@code mvn clean} can delete it.
 */
public final class ReadOnlyFolder implements AutoCloseable {
    private final Path dir;
    private final boolean immutable;

    private ReadOnlyFolder(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    /** Makes {@code dir} (created when absent) read-only, or skips the test when this machine cannot. */
    public static ReadOnlyFolder of(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        if (writable(dir)) {
            immutable = command("chattr", "+i", dir.toString());
        }
        ReadOnlyFolder folder = new ReadOnlyFolder(dir, immutable);
        if (writable(dir)) {
            folder.close();
            Assumptions.abort("cannot make " + dir + " read-only here (root without chattr)");
        }
        return folder;
    }

    private static boolean writable(Path dir) throws IOException {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (java.nio.file.FileSystemException e) {
            return false;
        }
    }

    private static boolean command(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            try {
                command("chattr", "-i", dir.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
