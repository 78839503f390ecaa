package io.celebaspark.fs;

import io.celebaspark.testing.ReadOnlyFolder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HadoopFilesTest {
    @TempDir
    java.nio.file.Path dir;

    private final FileSystem fs = HadoopFiles.fileSystem(new Path("file:///"), new Configuration());

    @Test
    void aFolderIsWrittenWholeAndReplacesTheOldOneLeavingNothingElse() throws IOException {
        Path target = new Path(dir.resolve("parent/bundle").toUri());
        HadoopFiles.writeFolder(fs, target, staging -> HadoopFiles.writeText(fs, new Path(staging, "a.txt"), "one"));
        HadoopFiles.writeFolder(fs, target, staging -> HadoopFiles.writeText(fs, new Path(staging, "b.txt"), "two"));

        assertEquals("two", HadoopFiles.readText(fs, new Path(target, "b.txt")));
        assertEquals(List.of("bundle"), names(dir.resolve("parent")), "no staging or replaced folders left");
        assertEquals(List.of("b.txt"), names(dir.resolve("parent/bundle")), "old contents gone, no .crc files");
    }

    @Test
    void anExistingFolderIsRefusedNamingItAndWhatToDoAnAbsentOneIsNot() throws IOException {
        Path absent = new Path(dir.resolve("absent").toString());
        HadoopFiles.requireAbsent(fs, absent, "run folder", "choose another");
        assertEquals(List.of(), names(dir), "the check creates nothing");

        Files.createDirectories(dir.resolve("there"));
        Path there = new Path(dir.resolve("there").toString());
        FolderExistsException e = assertThrows(FolderExistsException.class,
                () -> HadoopFiles.requireAbsent(fs, there, "run folder", "choose another"));
        assertEquals("run folder " + dir.resolve("there") + " exists already: choose another", e.getMessage());
    }

    @Test
    void aWritableFolderPassesTheProbeAndKeepsNothingOfIt() throws IOException {
        Path metrics = new Path(dir.resolve("new/metrics").toUri());
        HadoopFiles.probeWritable(fs, metrics);
        assertEquals(List.of(), names(dir.resolve("new/metrics")), "created, and the probe file deleted");
    }

    @Test
    void aReadOnlyFolderFailsTheProbe() throws Exception {
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(dir.resolve("read-only"))) {
            assertThrows(IOException.class, () -> HadoopFiles.probeWritable(fs, new Path(dir.resolve("read-only").toUri())));
            assertThrows(IOException.class, () -> HadoopFiles.probeWritable(fs,
                    new Path(dir.resolve("read-only/metrics").toUri())), "nor can a folder be created inside it");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFolderAndNoStaging() throws IOException {
        Path target = new Path(dir.resolve("bundle").toUri());
        HadoopFiles.writeFolder(fs, target, staging -> HadoopFiles.writeText(fs, new Path(staging, "a.txt"), "one"));
        IOException e = assertThrows(IOException.class, () -> HadoopFiles.writeFolder(fs, target, staging -> {
            HadoopFiles.writeText(fs, new Path(staging, "half.txt"), "half");
            throw new IOException("disk full");
        }));

        assertEquals("disk full", e.getMessage());
        assertEquals("one", HadoopFiles.readText(fs, new Path(target, "a.txt")));
        assertEquals(List.of("bundle"), names(dir));
    }

    @Test
    void aStagingFolderLeftByACrashIsDiscarded() throws IOException {
        Files.createDirectories(dir.resolve(".bundle.staging"));
        Files.writeString(dir.resolve(".bundle.staging/stale.txt"), "from a crash");
        Path target = new Path(dir.resolve("bundle").toUri());
        HadoopFiles.writeFolder(fs, target, staging -> HadoopFiles.writeText(fs, new Path(staging, "a.txt"), "new"));

        assertEquals(List.of("a.txt"), names(dir.resolve("bundle")));
    }

    private static List<String> names(java.nio.file.Path folder) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
