package io.celebaspark.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResultFormatterTest {
    @Test
    void tableAlignsColumnsNumbersRightTextLeft() {
        List<String> lines = ResultFormatter.table(List.of("run_id", "epoch", "note"), List.of(false, true, false),
                List.of(List.of("r-growth", "2", "plateau"), Arrays.asList("r", "10", null)));
        assertEquals(List.of(
                "run_id    epoch  note",
                "--------  -----  -------",
                "r-growth      2  plateau",
                "r            10  NULL"), lines);
    }

    @Test
    void tableKeepsEveryRowOnOneLine() {
        List<String> lines = ResultFormatter.table(List.of("config"), List.of(false),
                List.of(List.of("{\n\t\"a\": 1\r\n}")));
        assertEquals("{\\n\\t\"a\": 1\\r\\n}", lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void tableWithNoRowsIsItsHeader() {
        assertEquals(List.of("a  bb", "-  --"), ResultFormatter.table(List.of("a", "bb"), List.of(false, true), List.of()));
    }

    @Test
    void rowOfTheWrongWidthIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ResultFormatter.table(List.of("a", "b"), List.of(false, false), List.of(List.of("1"))));
    }

    @Test
    void csvQuotesOnlyWhatRfc4180Requires() {
        assertEquals("plain,with space,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",,",
                ResultFormatter.csvRecord(Arrays.asList("plain", "with space", "a,b", "say \"hi\"", "two\nlines",
                        "cr\r", null, "")));
    }
}
