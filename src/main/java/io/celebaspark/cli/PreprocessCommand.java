package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.data.AnnotationFormatException;
import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.CelebaLayoutException;
import io.celebaspark.data.Split;
import io.celebaspark.fs.FolderExistsException;
import io.celebaspark.preprocess.DatasetStatistics;
import io.celebaspark.preprocess.PreprocessJob;
import io.celebaspark.preprocess.PreprocessRequest;
import io.celebaspark.preprocess.PreprocessResult;
import io.celebaspark.preprocess.RejectLimitExceededException;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code preprocess}: the Spark job from raw CelebA to the tensors table, manifest and rejects. */
final class PreprocessCommand implements Command {
    private static final List<String> SUMMARY_LABELS = List.of("Male", "Smiling", "Eyeglasses");

    @Override
    public String name() {
        return "preprocess";
    }

    @Override
    public String summary() {
        return "decode, crop and resize CelebA on Spark into a tensors table + manifest + rejects";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("input", "CELEBA_ROOT", "CelebA root: official release, torchvision or Kaggle layout"),
                CliOption.required("output", "DATA_DIR", "data folder to create (tensors/, manifest.json, rejects/)"),
                CliOption.flag("overwrite", "replace an existing DATA_DIR once the new one is complete"),
                CliOption.setting("limit", "N", "preprocess.limit", "process only the first N images (0 = all)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        PreprocessRequest request = new PreprocessRequest(args.required("input"), args.required("output"),
                args.has("overwrite"), config.preprocess(), config.resolvedJson());
        SparkSession spark = SparkSessions.create("celeba-spark preprocess", config.cluster());
        try {
            PreprocessResult result = PreprocessJob.run(spark, request, line -> out.println("preprocess: " + line));
            printSummary(result, out);
        } catch (FolderExistsException | CelebaLayoutException e) {
            throw new UsageException(e.getMessage());
        } catch (RejectLimitExceededException | AnnotationFormatException e) {
            // Bad input, stated in full (the file and line, or the commonest reject and an example): no trace.
            throw new CommandFailedException(e.getMessage());
        } finally {
            spark.stop();
        }
    }

    private static void printSummary(PreprocessResult result, PrintStream out) {
        DatasetStatistics s = result.statistics();
        out.printf(Locale.ROOT, "preprocess: wrote %s in %.1f s (%,d images decoded at %.0f images/s%s)%n",
                result.output(), result.seconds(), result.decoded(), result.imagesPerSecond(),
                result.resumedShards() > 0 ? ", " + result.resumedShards() + " shard(s) resumed" : "");
        out.printf(Locale.ROOT, "  %-6s %9s %9s %9s", "split", "images", "missing", "rejected");
        for (String label : SUMMARY_LABELS) {
            out.printf(Locale.ROOT, " %11s", label);
        }
        out.println();
        for (Split split : Split.values()) {
            out.printf(Locale.ROOT, "  %-6s %,9d %,9d %,9d", split.label(), s.images(split), s.missing(split), s.rejected(split));
            for (String label : SUMMARY_LABELS) {
                double rate = s.positiveRate(split, CelebaAttributes.indexOf(label));
                out.print(Double.isNaN(rate) ? String.format(Locale.ROOT, " %11s", "-")
                        : String.format(Locale.ROOT, " %10.1f%%", 100 * rate));
            }
            out.println();
        }
        StringBuilder rejects = new StringBuilder();
        s.rejectsByReason().forEach((reason, n) -> rejects.append(rejects.length() == 0 ? "" : ", ")
                .append(reason.code()).append(String.format(Locale.ROOT, " %,d", n))
                .append(reason.isFailure() ? "" : " (not a failure)"));
        out.println("  rejects by reason: " + (rejects.length() == 0 ? "none" : rejects)
                + (s.rejectsByReason().isEmpty() ? "" : "; see " + result.output() + "/rejects"));
        out.printf(Locale.ROOT, "  train mean %s, std %s (pixel units)%n", fmt(s.channelMean()), fmt(s.channelStd()));
    }

    private static String fmt(double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", values[i]));
        }
        return b.append(']').toString();
    }
}
