package io.celebaspark.predict;

import io.celebaspark.face.AlignedFace;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.tensors.Manifest;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved model applied to photos in this JVM: each file goes through the very {@link FacePreprocessor} the
 * training data went through (rebuilt from the bundle's manifest: source size, crop, output size), is
 * normalised with the training statistics by {@link TensorBatches} and laid out as the network takes it (NHWC,
 * or NCHW for bundles saved before NHWC), and the network runs in inference mode.
 * Prediction needs no cluster; a Spark session would only add seconds of start-up.
 *
 * <p>A manifest that records a preprocessing this build cannot redo exactly (another resize method, layout
 * or data type, or a preprocessor described differently) is refused: a model fed inputs prepared another
 * way gives confident nonsense.
 */
public final class Predictor {
    /** The resize the preprocess job records for its exact integer area filter. */
    static final String RESIZE = "area";

    private final MultiLayerNetwork network;
    private final List<String> labels;
    private final FacePreprocessor preprocessor;
    private final TensorBatches batches;

    private Predictor(MultiLayerNetwork network, List<String> labels, FacePreprocessor preprocessor,
                      TensorBatches batches) {
        this.network = network;
        this.labels = labels;
        this.preprocessor = preprocessor;
        this.batches = batches;
    }

    /** @throws IllegalArgumentException when this build cannot prepare inputs the way the model's data was */
    public static Predictor of(ModelBundle bundle) {
        Manifest manifest = bundle.manifest();
        return new Predictor(bundle.network(), bundle.card().labels(), preprocessorFor(manifest),
                TensorBatches.forManifest(manifest, bundle.card().labels().size(),
                        NetworkFactory.inputLayout(bundle.network())));
    }

    /** The model's labels, in the order of every {@link Prediction#probabilities()}. */
    public List<String> labels() {
        return labels;
    }

    public ImageSpec imageSpec() {
        return preprocessor.spec();
    }

    /** Scores one batch of files, in order; unreadable or unusable files come back as failed predictions. */
    public List<Prediction> predict(List<Path> images) {
        return score(images.stream().map(Path::toString).toList(), i -> Files.readAllBytes(images.get(i)));
    }

    /**
     * Scores the aligned faces of one photo, left to right. Each is named after the photo, with {@code #faceN}
     * appended unless the photo was an aligned crop used as it is.
     */
    public List<Prediction> predictFaces(String photo, List<AlignedFace> faces) {
        List<String> names = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            names.add(faces.get(i).asIs() ? photo : photo + "#face" + (i + 1));
        }
        return score(names, i -> faces.get(i).encoded());
    }

    /** The preprocessing the model's data had, to find and align faces with. */
    public FacePreprocessor preprocessor() {
        return preprocessor;
    }

    /** Reads image {@code i}'s encoded bytes. */
    private interface EncodedSource {
        byte[] read(int i) throws IOException;
    }

    private List<Prediction> score(List<String> names, EncodedSource source) {
        Prediction[] results = new Prediction[names.size()];
        List<LabelledPixels> ready = new ArrayList<>(names.size());
        List<Integer> readyAt = new ArrayList<>(names.size());
        boolean[] noLabels = new boolean[labels.size()]; // a batch carries targets; predict has none
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            try {
                ready.add(new LabelledPixels(name, preprocessor.toChw(source.read(i)), noLabels));
                readyAt.add(i);
            } catch (IOException e) {
                results[i] = Prediction.failed(name, "cannot read the file: " + e);
            } catch (ImageRejectedException e) {
                results[i] = Prediction.failed(name, e.reason().code() + ": " + e.getMessage());
            }
        }
        if (!ready.isEmpty()) {
            float[] out = network.output(batches.toDataSet(ready).getFeatures(), false).ravel().toFloatVector();
            int k = labels.size();
            for (int j = 0; j < ready.size(); j++) {
                float[] p = new float[k];
                System.arraycopy(out, j * k, p, 0, k);
                int i = readyAt.get(j);
                results[i] = Prediction.scored(names.get(i), p);
            }
        }
        return List.of(results);
    }

    /** The preprocessor the manifest's data was made with, or an error saying what cannot be reproduced. */
    static FacePreprocessor preprocessorFor(Manifest m) {
        String refuse = "the model's data manifest records ";
        String fix = ": this build cannot prepare photos the way the model's training data was prepared";
        if (!RESIZE.equals(m.resize())) {
            throw new IllegalArgumentException(refuse + "resize '" + m.resize() + "', this build does '" + RESIZE + "'"
                    + fix);
        }
        if (!"CHW".equals(m.layout()) || !"uint8".equals(m.dtype()) || m.channels() != 3) {
            throw new IllegalArgumentException(refuse + m.channels() + "-channel " + m.layout() + " " + m.dtype()
                    + " tensors, this build makes 3-channel CHW uint8" + fix);
        }
        if (m.height() != m.width()) {
            throw new IllegalArgumentException(refuse + m.height() + "x" + m.width()
                    + " tensors, this build makes square ones" + fix);
        }
        ImageSpec spec;
        try {
            spec = new ImageSpec(m.expectedSourceWidth(), m.expectedSourceHeight(), m.crop(), m.height());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(refuse + "an impossible preprocessing (" + e.getMessage() + ")" + fix, e);
        }
        FacePreprocessor preprocessor = new FacePreprocessor(spec);
        String recorded = geometry(m.preprocessor());
        String ours = geometry(preprocessor.describe());
        if (recorded == null || !recorded.equals(ours)) {
            throw new IllegalArgumentException(refuse + "the preprocessor \"" + m.preprocessor() + "\"; rebuilt from "
                    + "its settings this build's is \"" + preprocessor.describe() + "\"" + fix);
        }
        return preprocessor;
    }

    /**
     * The part of {@link FacePreprocessor#describe()} that decides the pixels (required size, crop, resize,
     * layout). The decoder named before it may differ between machines without changing a pixel (libjpeg-turbo
     * is used only where proven identical to the JDK's decoder).
     */
    private static String geometry(String description) {
        if (description == null) {
            return null;
        }
        int at = description.indexOf("; size ");
        return at < 0 ? null : description.substring(at);
    }
}
