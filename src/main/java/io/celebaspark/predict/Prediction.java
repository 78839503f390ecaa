package io.celebaspark.predict;

/**
 * What {@code predict} says about one image: a probability per label (in the model's label order), or why the
 * image could not be scored. A bad photo is a row of the output, not the end of the run, so one unreadable
 * file in a folder of thousands costs only its own answer.
 *
 * @param image         the path as the user named it (or as found in a folder they named)
 * @param probabilities one per label; {@code null} when {@code error} is set
 * @param error         why the image was not scored; {@code null} when it was
 */
public record Prediction(String image, float[] probabilities, String error) {

    public static Prediction scored(String image, float[] probabilities) {
        return new Prediction(image, probabilities, null);
    }

    public static Prediction failed(String image, String error) {
        return new Prediction(image, null, error);
    }

    public boolean failed() {
        return error != null;
    }
}
