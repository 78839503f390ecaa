package io.celebaspark.tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What differs between the data a model was trained on and the data it is now given, in words a user can act
 * on ("image size: the model was trained on 64x64, the data is 32x32"). A resume that only said "the
 * manifest's SHA-256 changed" left the user to diff two JSON files to learn whether they pointed at the wrong
 * folder, re-made the data at another size or added images.
 *
 * <p>Only the fields that change what the tensors mean or hold are compared, in the order a user would check
 * them; provenance (time of creation, code version, input root) is reported only when nothing else differs,
 * since then it is the whole story (the same data made again).
 */
public final class ManifestDifference {
    private record Field(String name, Function<Manifest, Object> value) {
    }

    private static final List<Field> CONTENT = List.of(
            new Field("image size", m -> m.height() + "x" + m.width()),
            new Field("channels", Manifest::channels),
            new Field("layout", Manifest::layout),
            new Field("dtype", Manifest::dtype),
            new Field("crop", m -> m.crop() == null ? null
                    : m.crop().width() + "x" + m.crop().height() + " at (" + m.crop().x() + "," + m.crop().y() + ")"),
            new Field("resize", Manifest::resize),
            new Field("attributes", Manifest::attributes),
            new Field("images per split", m -> m.splits() == null ? null : new TreeMap<>(
                    m.splits().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().images())))),
            new Field("rejects by reason", m -> m.rejectsByReason() == null ? null : new TreeMap<>(m.rejectsByReason())),
            new Field("channel mean", m -> rounded(m.channelMean())),
            new Field("channel std", m -> rounded(m.channelStd())),
            new Field("annotation files (SHA-256)", m -> m.source() == null || m.source().checksums() == null ? null
                    : new TreeMap<>(m.source().checksums().entrySet().stream().collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().substring(0, Math.min(12, e.getValue().length())))))));

    private static final List<Field> PROVENANCE = List.of(
            new Field("created at", Manifest::createdAt),
            new Field("code version", Manifest::codeVersion),
            new Field("input", m -> m.source() == null ? null : m.source().root()));

    private ManifestDifference() {
    }

    /**
     * The differing fields, each as {@code "NAME: the model was trained on THEN, the data is NOW"}; empty when
     * the two describe the same data.
     *
     * @param trainedOn the manifest of the data the model (or run) was trained on
     * @param given     the manifest of the data it is given now
     */
    public static List<String> between(Manifest trainedOn, Manifest given) {
        List<String> content = differing(CONTENT, trainedOn, given);
        return content.isEmpty() ? differing(PROVENANCE, trainedOn, given) : content;
    }

    /** Statistics to two decimals (pixel units): what a user compares, not the last bits of a double. */
    private static String rounded(double[] values) {
        return values == null ? null : Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<String> differing(List<Field> fields, Manifest then, Manifest now) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            Object a = f.value().apply(then);
            Object b = f.value().apply(now);
            if (!Objects.equals(a, b)) {
                out.add(f.name() + ": the model was trained on " + a + ", the data is " + b);
            }
        }
        return out;
    }
}
