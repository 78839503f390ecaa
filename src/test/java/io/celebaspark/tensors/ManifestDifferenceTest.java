package io.celebaspark.tensors;

import io.celebaspark.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ManifestDifferenceTest {
    private static final Manifest TRAINED_ON = TestModels.manifest();

    /** The manifest with one JSON field's text replaced, as a re-made data folder would have it. */
    private static Manifest edited(String from, String to) {
        String json = TRAINED_ON.toJson();
        if (!json.contains(from)) {
            throw new AssertionError("no '" + from + "' in " + json);
        }
        return Manifest.fromJson(json.replace(from, to), "edited");
    }

    @Test
    void theSameDataDiffersInNothing() {
        assertEquals(List.of(), ManifestDifference.between(TRAINED_ON, Manifest.fromJson(TRAINED_ON.toJson(), "copy")));
    }

    @Test
    void anotherImageSizeIsNamedWithBothSizes() {
        Manifest smaller = edited("\"height\" : 32,", "\"height\" : 24,");
        smaller = Manifest.fromJson(smaller.toJson().replace("\"width\" : 32,", "\"width\" : 24,"), "edited");
        assertEquals(List.of("image size: the model was trained on 32x32, the data is 24x24"),
                ManifestDifference.between(TRAINED_ON, smaller));
    }

    @Test
    void everyDifferingContentFieldIsNamedInOrderAndProvenanceIsLeftOut() {
        Manifest other = edited("\"train\" : {\n      \"images\" : 100", "\"train\" : {\n      \"images\" : 90");
        other = Manifest.fromJson(other.toJson().replace("\"resize\" : \"area\"", "\"resize\" : \"bilinear\"")
                .replace("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"), "edited");
        assertEquals(List.of("resize: the model was trained on area, the data is bilinear",
                "images per split: the model was trained on {train=100}, the data is {train=90}"),
                ManifestDifference.between(TRAINED_ON, other));
    }

    @Test
    void theSameDataMadeAgainIsToldByItsProvenance() {
        Manifest remade = edited("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
        assertEquals(List.of("created at: the model was trained on 2024-01-01T00:00:00Z, the data is 2025-01-01T00:00:00Z"),
                ManifestDifference.between(TRAINED_ON, remade));
    }
}
