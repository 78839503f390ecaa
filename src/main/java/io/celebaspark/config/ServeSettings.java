package io.celebaspark.config;

/**
 * The predict web server's address and limits ({@code serve.*}), each a guard against one kind of bad input:
 * a huge upload, a decompression bomb, a crowd photo, a flood of requests.
 *
 * @param host           address to listen on
 * @param port           port to listen on (0 = any free one)
 * @param maxUploadBytes largest request body accepted
 * @param maxPixels      largest photo accepted, width x height
 * @param maxFaces       faces scored per photo at most
 * @param maxWaiting     requests in progress or waiting at once
 */
public record ServeSettings(String host, int port, int maxUploadBytes, long maxPixels, int maxFaces, int maxWaiting) {
    /** The same settings on another port (0 = any free one, as tests use). */
    public ServeSettings withPort(int otherPort) {
        return new ServeSettings(host, otherPort, maxUploadBytes, maxPixels, maxFaces, maxWaiting);
    }

    public static ServeSettings from(ConfigReader r) {
        String host = r.string("serve.host");
        if (host.isBlank()) {
            throw r.invalid("serve.host", host, "an address to listen on, such as 127.0.0.1");
        }
        return new ServeSettings(host, r.intIn("serve.port", 0, 65535),
                r.intIn("serve.max-upload-bytes", 1024, 1 << 30), r.longIn("serve.max-pixels", 10_000, 400_000_000),
                r.intIn("serve.max-faces", 1, 100), r.intIn("serve.max-waiting", 1, 1000));
    }
}
