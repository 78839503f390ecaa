package io.celebaspark.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Finds the valid key (or option name) nearest to a mistyped one, so that an error can say "did you mean".
 * Distance is Levenshtein over the full dotted path, with the last path segment weighted first: a typo
 * usually sits in the leaf name.
 */
public final class KeySuggester {
    private KeySuggester() {
    }

    /** The nearest candidate within a plausible distance, or {@code null}. */
    public static String nearest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lowered = key.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int d = distance(lowered, candidate.toLowerCase(Locale.ROOT));
            int leafD = distance(leaf(lowered), leaf(candidate.toLowerCase(Locale.ROOT)));
            int score = Math.min(d, leafD + (parent(lowered).equals(parent(candidate)) ? 0 : 2));
            if (score < bestDistance) {
                bestDistance = score;
                best = candidate;
            }
        }
        int tolerance = Math.max(2, leaf(key).length() / 3);
        return bestDistance <= tolerance ? best : null;
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot).toLowerCase(Locale.ROOT);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
