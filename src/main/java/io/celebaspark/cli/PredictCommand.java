package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.face.AlignedFace;
import io.celebaspark.face.CascadeFaceFinder;
import io.celebaspark.face.FaceLocator;
import io.celebaspark.image.ImageRejectedException;
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
import java.util.function.Function;
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
                CliOption.flag("faces", "find and align the faces in real photos (any size) first, one row per face"
                        + " named IMAGE#faceN; a CelebA aligned crop (178x218) is used as it is"),
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
        Model model = loadModel(args.required("model"));
        Predictor predictor = model.predictor();
        boolean failFast = args.has("fail-fast");
        Consumer<Prediction> printer = format.printer(predictor.labels(),
                images.stream().map(p -> p + (args.has("faces") ? "#face1" : "")).toList(), out);
        Function<List<Path>, List<Prediction>> scorer = predictor::predict;
        CascadeFaceFinder finder = null;
        if (args.has("faces")) {
            finder = CascadeFaceFinder.load();
            FaceLocator locator = new FaceLocator(predictor.preprocessor(), finder, config.serve().maxPixels(),
                    config.serve().maxFaces());
            scorer = batch -> batch.stream().flatMap(image -> faces(predictor, locator, image).stream()).toList();
        }
        try {
            score(images, scorer, printer, failFast);
        } finally {
            if (finder != null) {
                finder.close();
            }
        }
        out.flush();
    }

    /** A loaded bundle and the predictor built from it. */
    record Model(ModelBundle bundle, Predictor predictor) {
    }

    /** The bundle at {@code path}, refused with a message a user can act on. */
    static Model loadModel(String path) {
        try {
            ModelBundle bundle = ModelBundle.load(path, new Configuration());
            return new Model(bundle, Predictor.of(bundle));
        } catch (NotAModelBundleException e) {
            throw new UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }

    /** One photo's faces, found and aligned, scored; or one error row when none can be. */
    private static List<Prediction> faces(Predictor predictor, FaceLocator locator, Path image) {
        String name = image.toString();
        try {
            List<AlignedFace> faces = locator.locate(Files.readAllBytes(image));
            if (faces.isEmpty()) {
                return List.of(Prediction.failed(name, "no_face: no face was found in the photo"));
            }
            return predictor.predictFaces(name, faces);
        } catch (IOException e) {
            return List.of(Prediction.failed(name, "cannot read the file: " + e));
        } catch (ImageRejectedException e) {
            return List.of(Prediction.failed(name, e.reason().code() + ": " + e.getMessage()));
        }
    }

    private static void score(List<Path> images, Function<List<Path>, List<Prediction>> scorer,
                              Consumer<Prediction> printer, boolean failFast) {
        int failed = 0;
        String firstError = null;
        for (int from = 0; from < images.size(); from += BATCH) {
            for (Prediction p : scorer.apply(images.subList(from, Math.min(images.size(), from + BATCH)))) {
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
