package io.celebaspark.report;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The short Markdown summary that the {@code report} command prints and writes as {@code summary.md}: what
 * was compared, the verdict per grid point and overall, and what was left out.
 */
public final class MarkdownSummary {
    private MarkdownSummary() {
    }

    public static String render(Report report) {
        return render(report, Optional.empty());
    }

    /** The summary, with the cost on a cluster at its end when there is one. */
    public static String render(Report report, Optional<ClusterCost> cost) {
        ReportOptions o = report.options();
        int counted = report.cells().stream().mapToInt(c -> c.runs().size()).sum();
        StringBuilder out = new StringBuilder();
        out.append("# Report: ").append(report.experiment()).append("\n\n");
        out.append("Compared: ").append(report.source().description()).append(", mean over ")
                .append(String.join(", ", report.labels())).append("; ").append(counted)
                .append(" finished runs in ").append(report.cells().size()).append(" cells (arm × grid point)");
        if (!report.excluded().isEmpty()) {
            out.append("; ").append(report.excluded().size()).append(" runs left out (")
                    .append(report.excluded().stream().map(e -> e.run().runId() + ": " + e.run().status())
                            .collect(Collectors.joining(", "))).append(")");
        }
        out.append(".\n\n");
        out.append("H0: ").append(o.treatment()).append(" ≥ ").append(o.control()).append("; H1: ")
                .append(o.treatment()).append(" < ").append(o.control()).append(" (one-sided Welch test, ")
                .append(Numbers.percentLevel(ReportOptions.LEVEL)).append(" level); equivalence: TOST within ±")
                .append(Numbers.points(o.margin())).append(" points.\n\n");
        if (report.comparisons().isEmpty()) {
            out.append("No grid point has both ").append(o.treatment()).append(" and ").append(o.control())
                    .append(" runs; arms present: ").append(String.join(", ", report.arms())).append(".\n\n");
        } else {
            out.append(ReportTables.verdicts(report).markdown()).append('\n');
        }
        out.append(report.overallVerdict()).append("\n\n");
        out.append("Target validation accuracy for \"updates and wall time to reach\": ")
                .append(Numbers.percent(report.target().value())).append("% (").append(report.target().rule())
                .append(").\n");
        cost.ifPresent(c -> {
            out.append("\n## Cost on a cluster (predicted)\n\n").append(c.model()).append("\n\n");
            c.runs().ifPresent(t -> out.append(t.markdown()).append('\n'));
            c.batches().ifPresent(t -> out.append(t.markdown()));
        });
        return out.toString();
    }
}
