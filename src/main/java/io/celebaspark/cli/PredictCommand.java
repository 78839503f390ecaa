package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.NotAModelBundleException;
import io.celebaspark.predict.Prediction;
import io.celebaspark.predict.PredictionFormat;
import io.celebaspark.predict.Predictor;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code predict}: a saved model's probabilities for photos, in the driver JVM (no Spark session: the work is
 * a few forward passes, and a session would cost more than it). Images are read and scored {@value #BATCH} at
 * a time, so a folder of any size runs in constant memory.
 */
final class PredictCommand implements Command {
    static final int BATCH = 64;
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "a saved model's probability of each of its labels for photos (CelebA-aligned 178x218), locally";
    }

    @Override
    public String positionalUsage() {
        return "IMAGE_OR_DIR ...";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("model", "MODEL_PATH", "model bundle folder written by train (model.zip, model.json, ...)"),
                CliOption.value("format", "table|json", "an aligned table (default) or one JSON object per image and line"),
                CliOption.flag("fail-fast", "stop at the first unusable image; by default it gets an error row"
                        + " (JSON: an \"error\" field), the other images are still answered, and the exit code is 1"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) {
        PredictionFormat format;
        try {
            format = PredictionFormat.named(args.value("format").orElse("table"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<Path> images = images(args.positionals());
        ModelBundle bundle;
        Predictor predictor;
        try {
            bundle = ModelBundle.load(args.required("model"), new Configuration());
            predictor = Predictor.of(bundle);
        } catch (NotAModelBundleException e) {
            throw new UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        }
        boolean failFast = args.has("fail-fast");
        Consumer<Prediction> printer = format.printer(predictor.labels(),
                images.stream().map(Path::toString).toList(), out);
        int failed = 0;
        String firstError = null;
        for (int from = 0; from < images.size(); from += BATCH) {
            for (Prediction p : predictor.predict(images.subList(from, Math.min(images.size(), from + BATCH)))) {
                printer.accept(p);
                if (p.failed()) {
                    failed++;
                    firstError = firstError == null ? p.image() + ": " + p.error() : firstError;
                    if (failFast) {
                        throw new CommandFailedException(firstError);
                    }
                }
            }
        }
        out.flush();
        if (failed > 0) {
            throw new CommandFailedException(String.format(Locale.ROOT,
                    "%d of %d images could not be scored (see their error rows); the first: %s", failed,
                    images.size(), firstError));
        }
    }

    /** The files named, with each folder replaced by its images (non-recursive, sorted by name). */
    static List<Path> images(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new UsageException("name at least one image or folder of images (.jpg, .jpeg, .png)");
        }
        List<Path> images = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                List<Path> inside;
                try (Stream<Path> files = Files.list(path)) {
                    inside = files.filter(f -> Files.isRegularFile(f) && isImage(f)).sorted().toList();
                } catch (IOException e) {
                    throw new UsageException("cannot list the folder " + argument + ": " + e.getMessage());
                }
                if (inside.isEmpty()) {
                    throw new UsageException("the folder " + argument + " holds no .jpg, .jpeg or .png files");
                }
                images.addAll(inside);
            } else if (Files.exists(path)) {
                images.add(path);
            } else {
                throw new UsageException("no such image or folder: " + argument);
            }
        }
        return images;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
