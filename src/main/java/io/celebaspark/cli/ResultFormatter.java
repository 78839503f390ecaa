package io.celebaspark.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * How the {@code sql} command prints a result, with no Spark in sight so that the layout is unit-tested:
 * an aligned text table for people and RFC 4180 CSV for programs. Cells arrive as strings already
 * (Spark's own string cast, so numbers and timestamps read as they do in {@code spark-sql}); {@code null}
 * is SQL NULL.
 */
final class ResultFormatter {
    /** How the table shows SQL NULL (as spark-sql does); CSV leaves the field empty. */
    static final String NULL = "NULL";
    private static final String GAP = "  ";

    private ResultFormatter() {
    }

    /**
     * The table's lines: header, a rule of dashes, one line per row. Columns are as wide as their widest
     * cell; numeric columns are right-aligned, others left-aligned; line breaks and tabs inside a cell
     * are shown escaped so that every row stays on one line.
     *
     * @param header       column names
     * @param rightAligned per column, whether it is numeric
     * @param rows         the cells, one list per row, as long as the header
     */
    static List<String> table(List<String> header, List<Boolean> rightAligned, List<List<String>> rows) {
        int columns = header.size();
        int[] width = new int[columns];
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (List<String> row : rows) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("row of " + row.size() + " cells under " + columns + " columns");
            }
            cells.add(row.stream().map(ResultFormatter::cell).toList());
        }
        for (List<String> row : cells) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < cells.size(); r++) {
            lines.add(line(cells.get(r), width, rightAligned));
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int w : width) {
                    rule.add("-".repeat(w));
                }
                lines.add(line(rule, width, rightAligned));
            }
        }
        return lines;
    }

    /**
     * One CSV record per RFC 4180, without its line break (CRLF): a field holding a comma, a double quote,
     * CR or LF is quoted and its quotes doubled; NULL is an empty field.
     */
    static String csvRecord(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields.get(i);
            if (f == null) {
                continue;
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\r') >= 0 || f.indexOf('\n') >= 0) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        return b.toString();
    }

    private static String cell(String value) {
        return value == null ? NULL : value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String line(List<String> row, int[] width, List<Boolean> rightAligned) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < row.size(); c++) {
            String v = row.get(c);
            String pad = " ".repeat(width[c] - v.length());
            if (c > 0) {
                b.append(GAP);
            }
            b.append(rightAligned.get(c) ? pad + v : v + (c == row.size() - 1 ? "" : pad));
        }
        return b.toString();
    }
}
