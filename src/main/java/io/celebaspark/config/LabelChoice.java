package io.celebaspark.config;

import io.celebaspark.data.CelebaAttributes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CelebA attributes a run trains on, checked where the configuration is read ({@code train.labels}) and
 * where a tensors table is opened for training, with one message: validation lives in the configuration core,
 * so the attribute list in {@code data} needs nothing of it.
 */
public final class LabelChoice {
    private LabelChoice() {
    }

    /**
     * The labels to train on, checked: at least one, each an attribute's exact name (a typo gets a "did you
     * mean"), none twice.
     *
     * @throws IllegalArgumentException saying which label is wrong and how to fix it
     */
    public static List<String> check(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("no labels to train on: give at least one of the 40 CelebA attributes");
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!CelebaAttributes.NAMES.contains(label)) {
                String nearest = KeySuggester.nearest(label, CelebaAttributes.NAMES);
                throw new IllegalArgumentException("unknown label '" + label + "'"
                        + (nearest == null ? "" : "; did you mean '" + nearest + "'?")
                        + " Labels are CelebA attribute names: " + String.join(", ", CelebaAttributes.NAMES));
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("label '" + label + "' is given twice");
            }
        }
        return List.copyOf(labels);
    }
}
