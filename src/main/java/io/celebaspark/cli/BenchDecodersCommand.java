package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.bench.BenchResults;
import io.celebaspark.bench.DecodeBenchmark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code bench-decoders}: the JPEG decoder comparison behind {@link io.celebaspark.image.FacePreprocessor}'s choice. */
final class BenchDecodersCommand implements Command {
    @Override
    public String name() {
        return "bench-decoders";
    }

    @Override
    public String summary() {
        return "benchmark: single-threaded JPEG decoders (JDK, TwelveMonkeys, OpenCV, libjpeg-turbo) and toChw, same files";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("images", "DIR", "folder of JPEGs, e.g. /data/celeba/Img/img_align_celeba"),
                CliOption.value("files", "N", "first N files, held in memory (default 2000)"),
                CliOption.value("repeats", "R", "timed repeats (default 5)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        BenchResults.recordStandardOutput(name(), args, () -> DecodeBenchmark.run(Path.of(args.required("images")),
                CliNumbers.nonNegative(args, "files", 2000), CliNumbers.nonNegative(args, "repeats", 5)));
    }
}
