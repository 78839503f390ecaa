package io.celebaspark.report;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The report as one self-contained HTML page: the verdict first, then the accuracy tables, the time to the
 * target, the charts (embedded as data URIs, so the file can be mailed or archived alone), every run counted
 * or left out, and the method with its caveats.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1100px;
                   padding: 0 1em; color: #222; line-height: 1.45; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            tbody tr:nth-child(even) { background: #fafafa; }
            .overall { font-weight: 600; }
            .swatch { display: inline-block; width: 0.9em; height: 0.9em; margin: 0 0.3em 0 0.8em;
                      vertical-align: -0.1em; border-radius: 2px; }
            figure { margin: 1.2em 0; }
            figcaption { color: #555; font-size: 0.9em; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            """;

    private HtmlReport() {
    }

    public static String render(Report report, List<RenderedChart> charts) {
        return render(report, charts, Optional.empty());
    }

    /** The report with its cost on a cluster after the time to the target, when there is one. */
    public static String render(Report report, List<RenderedChart> charts, Optional<ClusterCost> cost) {
        ArmPalette palette = new ArmPalette(report.arms());
        ReportOptions o = report.options();
        int counted = report.cells().stream().mapToInt(c -> c.runs().size()).sum();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>celeba-spark report: ")
                .append(Html.escape(report.experiment())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Experiment ").append(Html.escape(report.experiment())).append("</h1>\n");
        h.append("<p>").append(counted).append(" finished runs counted in ").append(report.cells().size())
                .append(" cells, ").append(report.excluded().size()).append(" left out. Arms:");
        report.arms().forEach(arm -> h.append("<span class=\"swatch\" style=\"background:").append(palette.css(arm))
                .append("\"></span>").append(Html.escape(arm)));
        h.append(".</p>\n<p>Compared metric: <b>").append(Html.escape(report.source().description()))
                .append("</b>, mean over the labels ").append(Html.escape(String.join(", ", report.labels())))
                .append(report.source() == MetricSource.VAL ? " (the runs have no test-split metrics)" : "")
                .append(".</p>\n");

        h.append("<h2>Verdict</h2>\n<p>Does growing the batch perform the same as or worse than decaying the learning rate?"
                        + " H0: ").append(Html.escape(o.treatment())).append(" ≥ ").append(Html.escape(o.control()))
                .append("; H1: ").append(Html.escape(o.treatment())).append(" &lt; ").append(Html.escape(o.control()))
                .append(" (one-sided Welch test); equivalence by TOST within ±").append(Numbers.points(o.margin()))
                .append(" points; both at the ").append(Numbers.percentLevel(ReportOptions.LEVEL))
                .append(" level.</p>\n");
        h.append(report.comparisons().isEmpty() ? "<p>No grid point has finished runs of both arms.</p>\n"
                : ReportTables.verdicts(report).html());
        h.append("<p class=\"overall\">").append(Html.escape(report.overallVerdict())).append("</p>\n");

        h.append("<h2>Final accuracy</h2>\n<p>Mean ± sample standard deviation over seeds; 95% CI: t interval of the"
                + " mean (n - 1 degrees of freedom). The majority-class baseline answers each label's commoner class"
                + " of the evaluated split.</p>\n");
        h.append(ReportTables.finalAccuracy(report).html());
        h.append("<h3>Balanced accuracy per label</h3>\n").append(ReportTables.balancedAccuracy(report).html());

        h.append("<h2>Updates, wall time and core-seconds to the target</h2>\n<p>Target: mean validation accuracy ≥ ")
                .append(Numbers.percent(report.target().value())).append("% (")
                .append(Html.escape(report.target().rule())).append("). Updates are cumulative parameter updates"
                        + " at the end of the first epoch at or above the target; wall time is the sum of the"
                        + " epochs' seconds up to it (training and validation); core-seconds are the executors' cores"
                        + " × the seconds they were held up to it (what a cluster bills, idle time included; a run's"
                        + " share when runs trained side by side), – for runs recorded before the cost meter."
                        + " Mean ± sd over the runs that reached it. Effective updates are AdaptDL's scale-invariant"
                        + " progress: each epoch's updates times (1 + B_noise/B0) / (1 + B_noise/B), with B the epoch's"
                        + " global batch, B0 the first epoch's and B_noise the epoch's pooled gradient noise scale,"
                        + " i.e. the updates at the initial batch that make as much progress; – where a run measured"
                        + " no noise scale.</p>\n");
        h.append(ReportTables.toTarget(report).html());
        cost.ifPresent(c -> {
            h.append("<h2>Cost on a cluster (predicted)</h2>\n<p>").append(Html.escape(c.model())).append("</p>\n");
            c.runs().ifPresent(t -> h.append("<h3>The runs' schedules on the cluster</h3>\n").append(t.html()));
            c.batches().ifPresent(t -> h.append("<h3>An epoch and a minimal step at each global batch</h3>\n")
                    .append(t.html()));
        });

        h.append("<h2>Charts</h2>\n");
        charts.forEach(chart -> figure(h, chart));

        h.append("<h2>Runs counted</h2>\n").append(ReportTables.runs(report).html());
        h.append("<h2>Runs left out</h2>\n").append(report.excluded().isEmpty() ? "<p>None.</p>\n"
                : ReportTables.excluded(report).html());
        h.append("<h2>Method and caveats</h2>\n<ul>\n");
        caveats(report).forEach(c -> h.append("<li>").append(Html.escape(c)).append("</li>\n"));
        if (report.cells().stream().flatMap(c -> c.runs().stream()).anyMatch(r -> !r.noise().isEmpty())) {
            NOISE_CAVEATS.forEach(c -> h.append("<li>").append(Html.escape(c)).append("</li>\n"));
        }
        h.append("</ul>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void figure(StringBuilder h, RenderedChart chart) {
        h.append("<figure><img alt=\"").append(Html.escape(chart.title())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(chart.png())).append("\">\n<figcaption>")
                .append(Html.escape(chart.title())).append(": ").append(Html.escape(chart.caption()))
                .append(". Series: ").append(Html.escape(String.join(", ", chart.series())))
                .append(". File: charts/").append(Html.escape(chart.fileName())).append("</figcaption></figure>\n");
    }

    /** What the gradient noise scale is and is not, for reports whose runs measured it. */
    private static final List<String> NOISE_CAVEATS = List.of(
            "Gradient noise scale B_noise = tr(Σ)/|G|² (McCandlish et al. 2018), estimated per averaging round from"
                    + " the workers' gradients (small batch) and their average (the global batch). BatchNorm couples"
                    + " a batch's examples, so it is the noise scale per worker batch, and it shifts when the batch"
                    + " per worker changes; dropout noise is part of it.",
            "The estimate lags: it is measured at the current batch and parameters, and the critical batch equals"
                    + " it only up to a task-dependent factor (schedule.noise.kappa). For Adam the preconditioned"
                    + " noise scale is the relevant one; the chart shows the raw one, comparable across optimizers.");

    private static List<String> caveats(Report report) {
        ReportOptions o = report.options();
        String seeds = report.cells().stream().map(c -> String.valueOf(c.runs().size())).distinct().sorted()
                .collect(Collectors.joining(" or "));
        return List.of(
                "A cell is one arm at one grid point; its runs differ only by seed (" + seeds + " finished seeds per"
                        + " cell here). Only FINISHED runs count; the others are listed above with the reason.",
                "The one-sided Welch test (unequal variances, Welch–Satterthwaite degrees of freedom) asks whether "
                        + o.treatment() + " is worse than " + o.control() + ". TOST runs two one-sided Welch tests"
                        + " against -" + Numbers.points(o.margin()) + " and +" + Numbers.points(o.margin())
                        + " points: the arms are equivalent when both reject, i.e. when the 90% CI of the"
                        + " difference lies inside the margin. \"Not equivalent\" means equivalence was not shown.",
                "With a handful of seeds the tests have little power: \"not rejected\" is not evidence of no"
                        + " difference (read the TOST verdict and the interval), and the t tests' assumption of"
                        + " roughly normal seed-to-seed variation cannot be checked on so few values.",
                "Runs with the same seed share data order and initial weights and are identical until the first"
                        + " controller decision; the tests treat the arms as independent samples, which ignores"
                        + " that pairing (a paired test would be more powerful).",
                "Each grid point is tested at the " + Numbers.percentLevel(ReportOptions.LEVEL) + " level without"
                        + " correction for the number of grid points.",
                "Curves: at each epoch, the mean over seeds of x (epochs, cumulative updates or wall time) and of"
                        + " the validation accuracy, with the min–max over seeds as the band. Wall time depends on"
                        + " what else the machine was doing.");
    }
}
