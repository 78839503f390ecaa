package io.celebaspark.synth;

import io.celebaspark.data.Split;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link SyntheticCeleba#write} produced, so that a caller (the CLI, a test, a benchmark) can report
 * and check the dataset without re-reading the annotation files.
 *
 * @param root          the dataset root holding {@code Anno/}, {@code Eval/} and {@code Img/img_align_celeba/}
 * @param images        number of images written
 * @param identities    number of distinct identities
 * @param perSplit      images per CelebA partition (every split present, possibly 0)
 * @param positiveRates fraction of images with each attribute set, by CelebA attribute name (all 40)
 */
public record SynthSummary(Path root, int images, int identities, Map<Split, Integer> perSplit,
                           Map<String, Double> positiveRates) {
}
