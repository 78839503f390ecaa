package io.celebaspark.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table of the report as plain text cells, written once ({@link ReportTables}) and rendered both as HTML
 * and as Markdown, so that the summary and the report cannot disagree.
 *
 * @param headers column headers
 * @param rows    rows, each with one cell per header
 */
public record Table(List<String> headers, List<List<String>> rows) {
    public Table {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells for "
                        + headers.size() + " headers");
            }
        }
    }

    /** A GitHub-flavoured Markdown table (pipes in cells escaped). */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(markdownRow(headers)).append('\n');
        out.append(headers.stream().map(h -> "---").collect(Collectors.joining(" | ", "| ", " |"))).append('\n');
        rows.forEach(r -> out.append(markdownRow(r)).append('\n'));
        return out.toString();
    }

    /** An HTML table, every cell escaped. */
    public String html() {
        StringBuilder out = new StringBuilder("<table>\n<thead><tr>");
        headers.forEach(h -> out.append("<th>").append(Html.escape(h)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            row.forEach(c -> out.append("<td>").append(Html.escape(c)).append("</td>"));
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    private static String markdownRow(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |"));
    }
}
