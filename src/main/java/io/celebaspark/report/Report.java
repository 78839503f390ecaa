package io.celebaspark.report;

import io.celebaspark.metrics.MajorityBaseline;

import java.util.List;
import java.util.Objects;

/**
 * An experiment analysed: what the HTML report, its charts and the Markdown summary show, computed once
 * from {@link ExperimentData} by {@link ExperimentAnalysis}.
 *
 * @param experiment the experiment's name
 * @param options    the arms compared, the margin and the target option
 * @param source     which split the compared accuracy comes from
 * @param labels     the labels scored, sorted
 * @param baseline   the majority-class baseline on the compared split, per label
 * @param target     the validation accuracy timed to
 * @param arms       every arm with a finished run, in a fixed order (known schedules first) that gives
 *                   each its colour
 * @param cells      every cell, by grid point then arm
 * @param panels     the comparison panels, by grid point
 * @param excluded   runs left out of the statistics, with the reason
 */
public record Report(String experiment, ReportOptions options, MetricSource source, List<String> labels,
                     MajorityBaseline baseline, Target target, List<String> arms, List<Cell> cells,
                     List<Panel> panels, List<ExcludedRun> excluded) {
    public Report {
        Objects.requireNonNull(experiment, "experiment");
        labels = List.copyOf(labels);
        arms = List.copyOf(arms);
        cells = List.copyOf(cells);
        panels = List.copyOf(panels);
        excluded = List.copyOf(excluded);
    }

    /** The panels that hold both the treatment and the control arm, with their test. */
    public List<Comparison> comparisons() {
        return panels.stream().flatMap(p -> p.comparison().stream()).toList();
    }

    /**
     * One line over all grid points: at how many the treatment is significantly worse and at how many the
     * arms are equivalent, each test at 5% and not corrected for the number of grid points.
     */
    public String overallVerdict() {
        List<Comparison> comparisons = comparisons();
        String arms = options.treatment() + " against " + options.control();
        if (comparisons.isEmpty()) {
            return "Overall: no grid point has finished runs of both " + options.treatment() + " and "
                    + options.control() + ", so there is no test.";
        }
        List<Comparison> tested = comparisons.stream().filter(Comparison::testable).toList();
        int untested = comparisons.size() - tested.size();
        String untestedNote = untested == 0 ? "" : "; " + untested + " of " + comparisons.size()
                + " grid points could not be tested (see their verdicts)";
        if (tested.isEmpty()) {
            return "Overall (" + arms + "): no grid point could be tested" + untestedNote + ".";
        }
        long rejected = tested.stream().filter(Comparison::rejected).count();
        long equivalent = tested.stream().filter(Comparison::equivalent).count();
        return "Overall (" + arms + ", " + tested.size() + " grid point" + (tested.size() == 1 ? "" : "s")
                + " tested): the null hypothesis is rejected at " + rejected + " of " + tested.size()
                + " (" + options.treatment() + " worse) and the arms are equivalent within ±"
                + Numbers.points(options.margin()) + " points at " + equivalent + " of " + tested.size()
                + "; each test at the " + Numbers.percentLevel(ReportOptions.LEVEL) + " level, not corrected"
                + " for multiple grid points" + untestedNote + ".";
    }
}
