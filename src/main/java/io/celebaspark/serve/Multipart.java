package io.celebaspark.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Just enough of {@code multipart/form-data} (RFC 7578) to take one file field out of a browser's form post:
 * the JDK's HTTP server has no parser, and a whole library for one field would be more code to trust.
 */
final class Multipart {
    private Multipart() {
    }

    /** Whether a Content-Type header announces a multipart form. */
    static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * The bytes of the part named {@code field}.
     *
     * @throws ApiError 400 when the body is not a well-formed form or has no such field
     */
    static Part field(String contentType, byte[] body, String field) throws ApiError {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            if (headersStart + 2 <= body.length && body[headersStart] == '-' && body[headersStart + 1] == '-') {
                break; // the closing delimiter
            }
            headersStart += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw corrupt("a part's headers never end");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4);
            if (next < 0) {
                throw corrupt("the upload was cut short (no closing boundary)");
            }
            if (field.equals(parameter(headers, "name"))) {
                byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
                String filename = parameter(headers, "filename");
                return new Part(filename == null || filename.isBlank() ? "upload" : filename, content);
            }
            at = next + 2;
        }
        throw new ApiError(400, "no_image_field", "the form has no field named '" + field
                + "': send the photo in a file field named " + field + ", or send the image bytes as the body");
    }

    /** A file part: the name the browser gave it and its bytes. */
    record Part(String filename, byte[] content) {
    }

    private static String boundary(String contentType) throws ApiError {
        String b = parameter(contentType, "boundary");
        if (b == null || b.isEmpty()) {
            throw corrupt("the Content-Type has no boundary");
        }
        return b;
    }

    /** A {@code key=value} or {@code key="value"} parameter of a header, or null. */
    private static String parameter(String header, String key) {
        for (String piece : header.split("[;\r\n]")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(key)) {
                String v = p.substring(eq + 1).trim();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static ApiError corrupt(String why) {
        return new ApiError(400, "corrupt_upload", "the upload is not a well-formed multipart form: " + why);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
