package io.celebaspark.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.celebaspark.config.ServeSettings;
import io.celebaspark.face.CascadeFaceFinder;
import io.celebaspark.face.FaceLocator;
import io.celebaspark.model.ModelCard;
import io.celebaspark.predict.Predictor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The predict page and API on the JDK's HTTP server:
 * <ul>
 *   <li>{@code GET /} the page, {@code GET /static/*} its script and style (from the jar; no CDN: photos and
 *   pages never leave the machine);</li>
 *   <li>{@code GET /api/model} what the model is;</li>
 *   <li>{@code POST /api/predict} a photo (a form's file field {@code image}, or the image bytes as the body)
 *   to one object per face.</li>
 * </ul>
 * Every refusal is a 4xx with {@code {"error": ..., "code": ...}}. At most {@code serve.max-waiting} requests
 * are in progress or waiting; more get 429 at once, so a flood cannot queue work without bound.
 */
public final class WebServer implements AutoCloseable {
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/static/app.js", "app.js", "/static/app.css", "app.css");
    /** Bytes of a refused upload read and dropped so that the client gets the 413 (see {@link #readBody}). */
    private static final long DISCARD_LIMIT = 256L << 20;
    private final HttpServer server;
    private final ExecutorService threads;
    private final CascadeFaceFinder finder;

    private WebServer(HttpServer server, ExecutorService threads, CascadeFaceFinder finder) {
        this.server = server;
        this.threads = threads;
        this.finder = finder;
    }

    /** Loads the face detector, binds {@code settings.host():settings.port()} and starts answering. */
    public static WebServer start(Predictor predictor, ModelCard card, ServeSettings settings) throws IOException {
        CascadeFaceFinder finder = CascadeFaceFinder.load();
        PhotoScorer scorer = new PhotoScorer(predictor, new FaceLocator(predictor.preprocessor(), finder,
                settings.maxPixels(), settings.maxFaces()), card);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        } catch (IOException e) {
            finder.close();
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + " (" + e.getMessage()
                    + "): choose another --port, or 0 for any free one", e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(settings.maxWaiting() + 2);
        server.setExecutor(threads);
        Semaphore admitted = new Semaphore(settings.maxWaiting());
        String modelJson = scorer.modelJson();
        server.createContext("/", exchange -> answer(exchange, () -> staticFile(exchange)));
        server.createContext("/api/model", exchange -> answer(exchange, () -> {
            requireMethod(exchange, "GET");
            return Response.json(200, modelJson);
        }));
        server.createContext("/api/predict", exchange -> answer(exchange, () -> {
            requireMethod(exchange, "POST");
            if (!admitted.tryAcquire()) {
                throw new ApiError(429, "busy", "the server is answering " + settings.maxWaiting()
                        + " requests already (serve.max-waiting): try again in a moment");
            }
            try {
                byte[] body = readBody(exchange, settings.maxUploadBytes());
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                String name = query(exchange.getRequestURI(), "name", "upload");
                if (Multipart.isForm(contentType)) {
                    Multipart.Part part = Multipart.field(contentType, body, "image");
                    name = part.filename();
                    body = part.content();
                }
                return Response.json(200, scorer.predictJson(name, body));
            } finally {
                admitted.release();
            }
        }));
        server.start();
        return new WebServer(server, threads, finder);
    }

    /** The port listened on (the one the system chose when {@code serve.port} is 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        String host = server.getAddress().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdown();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finder.close();
    }

    private record Response(int status, String contentType, byte[] body) {
        static Response json(int status, String json) {
            return new Response(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private interface Handler {
        Response handle() throws ApiError, IOException;
    }

    /** Runs a handler; every refusal and every failure becomes a JSON answer without a stack trace. */
    private static void answer(HttpExchange exchange, Handler handler) throws IOException {
        Response r;
        try {
            r = handler.handle();
        } catch (ApiError e) {
            r = Response.json(e.status(), PhotoScorer.error(e));
        } catch (IOException e) {
            r = Response.json(400, PhotoScorer.error(new ApiError(400, "corrupt_upload",
                    "the upload could not be read: " + e.getMessage())));
        } catch (RuntimeException e) {
            System.err.println("[serve] request failed: " + e);
            r = Response.json(500, PhotoScorer.error(new ApiError(500, "internal",
                    "the server failed on this request; its log says why")));
        }
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(r.status(), r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private static Response staticFile(HttpExchange exchange) throws ApiError, IOException {
        requireMethod(exchange, "GET");
        String resource = STATIC.get(exchange.getRequestURI().getPath());
        if (resource == null) {
            throw new ApiError(404, "not_found", "no such page: " + exchange.getRequestURI().getPath());
        }
        try (InputStream in = WebServer.class.getResourceAsStream("/web/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("the page's resource /web/" + resource + " is missing from the jar");
            }
            String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
                    : resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            return new Response(200, type, in.readAllBytes());
        }
    }

    private static void requireMethod(HttpExchange exchange, String method) throws ApiError {
        if (!method.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new ApiError(405, "method_not_allowed", exchange.getRequestURI().getPath() + " takes " + method
                    + ", not " + exchange.getRequestMethod());
        }
    }

    /**
     * The body, refused with 413 when larger than {@code limit}. The rest of a refused body is read and thrown
     * away (up to {@value #DISCARD_LIMIT} bytes) before answering, because most clients only read an answer once
     * they have sent their whole request; past that the connection is simply closed.
     */
    private static byte[] readBody(HttpExchange exchange, int limit) throws ApiError, IOException {
        ApiError tooLarge = new ApiError(413, "too_large", "the upload is larger than " + limit
                + " bytes (serve.max-upload-bytes): send a smaller photo");
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            discard(in);
            throw tooLarge;
        }
        return body;
    }

    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long read = 0;
        for (int n; read < DISCARD_LIMIT && (n = in.read(buffer)) > 0; ) {
            read += n;
        }
    }

    private static String query(URI uri, String key, String fallback) {
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(key)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return fallback;
    }
}
