package io.celebaspark.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celebaspark.data.RejectReason;
import io.celebaspark.face.AlignedFace;
import io.celebaspark.face.FaceLocator;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.model.ModelCard;
import io.celebaspark.predict.Prediction;
import io.celebaspark.predict.PredictionFormat;
import io.celebaspark.predict.Predictor;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A photo to the API's answer: faces found and aligned ({@link FaceLocator}), scored by the model
 * ({@link Predictor}), and written as JSON whose per-face object is exactly {@code predict --format json}'s line
 * for that face, with the face's box, eyes and aligned image added after it.
 *
 * <p>One photo at a time ({@code synchronized}): neither a DL4J network nor an OpenCV cascade may be used by
 * two threads at once, and on a small machine one forward pass at a time is also the fastest.
 */
final class PhotoScorer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Predictor predictor;
    private final FaceLocator locator;
    private final ModelCard card;

    PhotoScorer(Predictor predictor, FaceLocator locator, ModelCard card) {
        this.predictor = predictor;
        this.locator = locator;
        this.card = card;
    }

    /** What {@code GET /api/model} answers: labels, input, training run and validation figures. */
    String modelJson() {
        ObjectNode m = JSON.createObjectNode();
        m.putPOJO("labels", card.labels());
        ImageSpec spec = predictor.imageSpec();
        m.put("input_size", spec.outputSize());
        m.put("input_layout", String.valueOf(card.inputLayout()));
        m.putArray("aligned_size").add(spec.expectedWidth()).add(spec.expectedHeight());
        m.putArray("crop").add(spec.crop().x()).add(spec.crop().y()).add(spec.crop().width()).add(spec.crop().height());
        m.put("architecture", card.architecture());
        m.put("run_id", card.runId());
        m.put("kind", card.kind());
        m.put("epoch", card.epoch());
        m.put("code_version", card.codeVersion());
        m.putPOJO("val_acc_mean", card.valAccMean());
        m.putPOJO("val_balanced_acc_mean", card.valBalancedAccMean());
        return write(m);
    }

    /**
     * Scores every face of a photo.
     *
     * @throws ApiError 400 for bytes that are not a usable image, 413 for too many pixels, 422 when no face is found
     */
    synchronized String predictJson(String name, byte[] photo) throws ApiError {
        List<AlignedFace> faces;
        try {
            faces = locator.locate(photo);
        } catch (ImageRejectedException e) {
            int status = e.reason() == RejectReason.TOO_LARGE ? 413 : 400;
            throw new ApiError(status, e.reason().code(), message(e.reason()) + " (" + e.getMessage() + ")");
        }
        if (faces.isEmpty()) {
            throw new ApiError(422, "no_face", "no face was found in the photo: use a photo where a face is seen"
                    + " from the front, upright, and at least a tenth of the picture's height");
        }
        List<Prediction> predictions = predictor.predictFaces(name, faces);
        StringBuilder out = new StringBuilder("{\"image\": ").append(quote(name)).append(", \"faces\": [");
        for (int i = 0; i < faces.size(); i++) {
            Prediction p = predictions.get(i);
            if (p.failed()) { // an aligned face the preprocessing refuses would be a bug here, not bad input
                throw new IllegalStateException("an aligned face could not be scored: " + p.error());
            }
            String line = PredictionFormat.json(p, predictor.labels());
            out.append(i == 0 ? "" : ", ").append(line, 0, line.length() - 1).append(", ").append(faceFields(faces.get(i)));
        }
        return out.append("]}").toString();
    }

    /** The fields added after the predict line's: box, eyes, how it was aligned, and the image the model saw. */
    private static String faceFields(AlignedFace f) {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("box").add(f.box().x()).add(f.box().y()).add(f.box().width()).add(f.box().height());
        ArrayNode eyes = o.putArray("eyes");
        eyes.addArray().add(round(f.leftEye().x())).add(round(f.leftEye().y()));
        eyes.addArray().add(round(f.rightEye().x())).add(round(f.rightEye().y()));
        o.put("alignment", f.asIs() ? "as-is" : f.eyesDetected() ? "eyes" : "box");
        o.put("aligned", "data:" + f.mediaType() + ";base64," + Base64.getEncoder().encodeToString(f.encoded()));
        String s = write(o);
        return s.substring(1); // the fields and the closing brace, appended to the predict line's
    }

    private static String message(RejectReason reason) {
        return switch (reason) {
            case ZERO_BYTE -> "the upload is empty";
            case NOT_AN_IMAGE -> "the upload is not an image: send a JPEG, PNG or BMP photo";
            case TRUNCATED -> "the image is cut short: the upload or the file is incomplete";
            case UNDECODABLE -> "the image is corrupt or in a format variant that cannot be decoded";
            case TOO_LARGE -> "the photo has too many pixels (serve.max-pixels)";
            default -> "the image cannot be used";
        };
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String error(ApiError e) {
        return String.format(Locale.ROOT, "{\"error\": %s, \"code\": %s}", quote(e.getMessage()), quote(e.code()));
    }
}
