package io.celebaspark.testing;

import io.celebaspark.app.AppConfig;
import io.celebaspark.preprocess.PreprocessJob;
import io.celebaspark.preprocess.PreprocessRequest;
import io.celebaspark.synth.SynthPriors;
import io.celebaspark.synth.SyntheticCeleba;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Small preprocessed data folders of synthetic faces for the training, evaluation and predict tests, made
 * by the real generator and the real preprocess job once per test JVM and shared (read-only) by every test
 * that asks for the same size, so the suite pays the drawing and decoding once.
 */
public final class SyntheticTensors {
    private static final SynthPriors BALANCED = new SynthPriors(0.5, 0.5, 0.5);
    private static final Map<String, Path> MADE = new HashMap<>();
    private static Path root;

    private SyntheticTensors() {
    }

    /**
     * A data folder ({@code tensors/}, {@code manifest.json}, {@code rejects/}) of {@code images} synthetic
     * faces (seed 11, every attribute prior ½ so that a small val split holds both classes of each label)
     * preprocessed to {@code size}×{@code size}; {@link #source} gives the CelebA-layout images.
     */
    public static synchronized Path data(SparkSession spark, int images, int size) {
        String key = images + "x" + size;
        Path made = MADE.get(key);
        if (made != null) {
            return made;
        }
        try {
            if (root == null) {
                root = Files.createTempDirectory("celeba-spark-tensors");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
            }
            Path dir = root.resolve(key);
            Path celeba = dir.resolve("celeba");
            SyntheticCeleba.write(celeba, images, 11, BALANCED, n -> { });
            Path data = dir.resolve("data");
            PreprocessJob.run(spark, new PreprocessRequest(celeba.toString(), data.toString(), false,
                    AppConfig.load(null, Map.of("preprocess.image-size", String.valueOf(size))).preprocess(), "{}"),
                    line -> { });
            MADE.put(key, data);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CelebA-layout images {@link #data} was made from. */
    public static Path source(Path data) {
        return data.resolveSibling("celeba");
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit: the folder is under java.io.tmpdir, which the build cleans
        }
    }
}
