package io.celebaspark.report;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code report} is asked to do.
 *
 * @param metrics    the metrics root (any Hadoop URI) holding runs/, epochs/, label_metrics/, events/
 * @param experiment the experiment's name, as the runs table's {@code experiment} column spells it
 * @param output     the local folder the report is written to (created; its files replaced)
 * @param options    arms compared, equivalence margin, target
 * @param costModel  the cost on a cluster's settings; empty: the report has no such section
 */
public record ReportRequest(String metrics, String experiment, Path output, ReportOptions options,
                            Optional<CostModelSettings> costModel) {
    public ReportRequest {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(costModel, "costModel");
    }

    /** A report without the cost on a cluster. */
    public ReportRequest(String metrics, String experiment, Path output, ReportOptions options) {
        this(metrics, experiment, output, options, Optional.empty());
    }
}
