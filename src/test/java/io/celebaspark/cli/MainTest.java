package io.celebaspark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String lastErrLine() {
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(Main.USAGE, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("preprocess"));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(Main.USAGE, run("preproces"));
        assertTrue(lastErrLine().contains("unknown command 'preproces'"), lastErrLine());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"synth", "preprocess"}) {
            out.reset();
            assertEquals(Main.OK, run(command, "--help"));
            String help = out.toString(StandardCharsets.UTF_8);
            assertTrue(help.startsWith("usage: celeba-spark " + command), help);
            assertTrue(help.contains("--config FILE"), help);
            assertTrue(help.contains("--set KEY=VALUE"), help);
        }
    }

    @Test
    void configurationErrorExitsWithUsageCodeAndReasonLast() {
        assertEquals(Main.USAGE, run("preprocess", "--input", "x", "--output", "y", "--set", "preprocess.image-size=3"));
        assertTrue(lastErrLine().startsWith("preprocess: preprocess.image-size = 3 is invalid"), lastErrLine());
    }

    @Test
    void aLabelTypoIsOneClearLineWithoutAStackTrace() {
        assertEquals(Main.USAGE, run("train", "--data", "d", "--metrics", "m", "--output", "r",
                "--set", "train.labels=[Male,Smilng]"));
        String stderr = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("train: train.labels = [Male, Smilng] is invalid (from --set train.labels=[Male,Smilng]):"
                + " unknown label 'Smilng'; did you mean 'Smiling'?"), stderr);
        err.reset();
        assertEquals(Main.USAGE, run("train", "--data", "d", "--metrics", "m", "--output", "r",
                "--set", "train.labels=[Male,Male]"));
        assertTrue(lastErrLine().endsWith(": label 'Male' is given twice"), lastErrLine());
    }

    @Test
    void aFailureIsItsReasonWithoutAStackTraceUnlessDebugAsksForIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String[] args = {"synth", "--count", "1", "--output", file.resolve("celeba").toString()};
        assertEquals(Main.FAILURE, run(args));
        List<String> lines = err.toString(StandardCharsets.UTF_8).strip().lines().toList();
        assertEquals(List.of("(CELEBA_DEBUG=1 prints the stack trace of this failure)"), lines.subList(0, 1));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("synth failed: ") && lines.get(1).contains(file.toString()), lines.get(1));

        err.reset();
        assertEquals(Main.FAILURE, Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), true));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("\tat io.celebaspark."), stderr);
        assertEquals(lines.get(1), lastErrLine());
    }

    @Test
    void synthRefusesAnExistingOutputUntouchedAndWritesANewOne(@TempDir Path dir) throws Exception {
        Path existing = Files.createDirectories(dir.resolve("celeba"));
        Path mine = Files.writeString(existing.resolve("mine.txt"), "keep");
        assertEquals(Main.USAGE, run("synth", "--count", "1", "--output", existing.toString()));
        assertEquals("synth: output folder " + existing + " exists already: remove it, or give --output another"
                + " folder", err.toString(StandardCharsets.UTF_8).strip());
        try (Stream<Path> files = Files.list(existing)) {
            assertEquals(List.of(mine), files.toList(), "nothing written into it");
        }
        assertEquals("keep", Files.readString(mine));

        Path fresh = dir.resolve("new/celeba");
        assertEquals(Main.OK, run("synth", "--count", "1", "--output", fresh.toString()));
        assertTrue(Files.isRegularFile(fresh.resolve("Img/img_align_celeba/000001.jpg")));
    }

    @Test
    void missingRequiredOptionExitsWithUsageCode() {
        assertEquals(Main.USAGE, run("synth"));
        assertEquals("synth: --output DIR is required", lastErrLine());
    }
}
