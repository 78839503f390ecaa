package io.celebaspark.bench;

import io.celebaspark.app.AppConfig;
import io.celebaspark.face.AlignedFace;
import io.celebaspark.face.CascadeFaceFinder;
import io.celebaspark.face.FoundFace;
import io.celebaspark.image.BgrImage;
import io.celebaspark.image.FaceWarp;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.predict.Predictor;
import io.celebaspark.serve.WebServer;
import io.celebaspark.synth.FaceInPhoto;
import org.apache.hadoop.conf.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Latency of each step for one 640x480 photo with one face (decode, detect, align, predict) and the API's
 * requests per second, on aligned CelebA crops placed in photos ({@link FaceInPhoto}), with a saved model. A
 * measurement, not a test: {@code java -cp target/classes:<classpath> io.celebaspark.bench.ServeSpeed MODEL_DIR
 * ALIGNED_IMAGES_DIR [photos] [requests]} (e.g. a run's {@code best} bundle and the sample's
 * {@code Img/img_align_celeba}).
 */
public final class ServeSpeed {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ServeSpeed MODEL_DIR ALIGNED_IMAGES_DIR [photos] [requests]");
        }
        BenchResults.recordStandardOutput("serve-speed", List.of(args), () -> measure(args));
    }

    private static void measure(String[] args) throws Exception {
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        ModelBundle bundle = ModelBundle.load(args[0], new Configuration());
        Predictor predictor = Predictor.of(bundle);
        System.out.printf(Locale.ROOT, "model %s: %s, input %dx%d%n", args[0], bundle.card().labels(),
                bundle.card().inputWidth(), bundle.card().inputHeight());
        List<byte[]> photos = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[1]))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(count).toList()) {
                photos.add(FaceInPhoto.of(Files.readAllBytes(f)));
            }
        }
        long decode = 0, detect = 0, align = 0, predict = 0;
        int faces = 0;
        try (CascadeFaceFinder finder = CascadeFaceFinder.load()) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                decode = detect = align = predict = 0;
                faces = 0;
                for (byte[] photo : photos) {
                    long t0 = System.nanoTime();
                    BgrImage image = predictor.preprocessor().decodeAnySize(photo, 40_000_000);
                    long t1 = System.nanoTime();
                    List<FoundFace> found = finder.find(image, 8);
                    long t2 = System.nanoTime();
                    List<AlignedFace> aligned = new ArrayList<>();
                    for (FoundFace f : found) {
                        aligned.add(new AlignedFace(f.box(), f.leftEye(), f.rightEye(), f.eyesDetected(), false,
                                FaceWarp.celeba(image, FaceWarp.toCelebaTemplate(f.leftEye(), f.rightEye())).png(),
                                "image/png"));
                    }
                    long t3 = System.nanoTime();
                    predictor.predictFaces("photo", aligned);
                    long t4 = System.nanoTime();
                    decode += t1 - t0;
                    detect += t2 - t1;
                    align += t3 - t2;
                    predict += t4 - t3;
                    faces += found.size();
                }
            }
        }
        double n = photos.size();
        System.out.printf(Locale.ROOT, "per 640x480 photo (%d photos, %d faces found): decode %.1f ms, detect %.1f ms,"
                        + " align (warp + PNG) %.1f ms, predict %.1f ms, total %.1f ms%n", photos.size(), faces,
                decode / n / 1e6, detect / n / 1e6, align / n / 1e6, predict / n / 1e6,
                (decode + detect + align + predict) / n / 1e6);

        try (WebServer server = WebServer.start(predictor, bundle.card(), AppConfig.load(null, Map.of()).serve().withPort(0))) {
            HttpClient http = HttpClient.newHttpClient();
            for (int clients : new int[]{1, 4}) {
                long start = System.nanoTime();
                int ok = 0;
                for (int from = 0; from < requests; from += clients) {
                    List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
                    for (int k = 0; k < clients; k++) {
                        byte[] photo = photos.get((from + k) % photos.size());
                        batch.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "api/predict"))
                                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(photo))
                                .build(), HttpResponse.BodyHandlers.ofString()));
                    }
                    for (CompletableFuture<HttpResponse<String>> f : batch) {
                        ok += f.get().statusCode() == 200 ? 1 : 0;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "HTTP %d client(s): %d requests (%d answered 200) in %.1f s: %.1f requests/s%n",
                        clients, requests, ok, seconds, requests / seconds);
            }
        }
    }
}
