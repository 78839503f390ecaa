package io.celebaspark.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code report} is asked to do.
 *
 * @param metrics    the metrics root (any Hadoop URI) holding runs/, epochs/, label_metrics/, events/
 * @param experiment the experiment's name, as the runs table's {@code experiment} column spells it
 * @param output     the local folder the report is written to (created; its files replaced)
 * @param options    arms compared, equivalence margin, target
 */
public record ReportRequest(String metrics, String experiment, Path output, ReportOptions options) {
    public ReportRequest {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(options, "options");
    }
}
