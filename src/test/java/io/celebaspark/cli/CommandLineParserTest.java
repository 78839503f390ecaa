package io.celebaspark.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineParserTest {
    private final CommandLineParser parser = new CommandLineParser(List.of(
            CliOption.required("input", "DIR", "in"),
            CliOption.flag("overwrite", "replace"),
            CliOption.setting("limit", "N", "preprocess.limit", "limit")));

    @Test
    void parsesValuesFlagsSettingsAndPositionals() {
        ParsedArgs args = parser.parse(List.of("--input", "a", "--overwrite", "--limit=5", "--set", "x.y=1", "img.jpg"));
        assertEquals("a", args.required("input"));
        assertTrue(args.has("overwrite"));
        assertEquals(Map.of("preprocess.limit", "5", "x.y", "1"), args.settings());
        assertEquals(List.of("img.jpg"), args.positionals());
    }

    @Test
    void unknownOptionSuggestsNearest() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse(List.of("--input", "a", "--overwrit")));
        assertEquals("unknown option --overwrit; did you mean --overwrite?", e.getMessage());
    }

    @Test
    void missingRequiredOptionIsNamed() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse(List.of("--overwrite")));
        assertEquals("--input DIR is required", e.getMessage());
    }

    @Test
    void helpSkipsRequiredChecks() {
        assertTrue(parser.parse(List.of("--help")).has("help"));
    }

    @Test
    void missingValueAndRepeatedOptionAreUsageErrors() {
        assertThrows(UsageException.class, () -> parser.parse(List.of("--input")));
        assertThrows(UsageException.class, () -> parser.parse(List.of("--input", "a", "--input", "b")));
        assertThrows(UsageException.class, () -> parser.parse(List.of("--input", "a", "--set", "novalue")));
        assertFalse(parser.parse(List.of("--input", "a")).has("overwrite"));
    }
}
