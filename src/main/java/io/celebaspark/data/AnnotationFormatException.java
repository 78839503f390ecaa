package io.celebaspark.data;

import java.io.IOException;

/**
 * An annotation file that is not the file it claims to be (a header with other attribute names, a missing
 * CSV header, no content). Unlike a bad row, which is reported as an {@link AnnotationProblem} and left
 * out, a wrong file makes every row meaningless, so parsing stops with a message naming the file, the line
 * and the first difference.
 */
public class AnnotationFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public AnnotationFormatException(String message) {
        super(message);
    }
}
