package io.celebaspark.serve;

import io.celebaspark.app.AppConfig;
import io.celebaspark.image.BgrImage;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelCard;
import io.celebaspark.predict.Prediction;
import io.celebaspark.predict.Predictor;
import io.celebaspark.synth.FaceInPhoto;
import io.celebaspark.synth.SyntheticCeleba;
import io.celebaspark.testing.CelebaSample;
import io.celebaspark.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predict page in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (never a downloaded one). Skipped when they are not installed, unless CELEBA_REQUIRE_BROWSER=1
 * (as .ci/run sets, having installed them) makes their absence a failure. Screenshots go to target/browser/.
 */
class PredictPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/browser");
    private static final List<String> LABELS = List.of("Male", "Smiling", "Eyeglasses");
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;
    private static Predictor predictor;
    private static WebServer server;
    private static Path photos;

    @BeforeAll
    static void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            assertTrue(!"1".equals(System.getenv("CELEBA_REQUIRE_BROWSER")),
                    "CELEBA_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
            Assumptions.abort("skipped: no " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)");
        }
        SyntheticCeleba.write(tmp.resolve("celeba"), 2, 11, n -> { });
        photos = tmp.resolve("celeba/Img/img_align_celeba");
        ModelCard card = ModelCard.of("run-page", ModelCard.FINAL, 3, LABELS, TestModels.spec(LABELS.size(), 5), null);
        predictor = Predictor.of(new ModelBundle(TestModels.network(LABELS.size(), 5), card, TestModels.manifest(), "{}"));
        server = WebServer.start(predictor, card, AppConfig.load(null, Map.of()).serve().withPort(0));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Uploading an aligned crop shows it and the same probabilities predict gives. */
    @Test
    void uploadAPhotoAndSeeItsProbabilities() throws Exception {
        Path photo = photos.resolve("000001.jpg");
        Prediction expected = predictor.predict(List.of(photo)).get(0);
        WebDriver browser = browser(List.of());
        try {
            browser.get(server.url());
            waitFor(browser, () -> browser.findElement(By.cssSelector("[data-testid=model]")).getText().contains("run-page"));
            browser.findElement(By.cssSelector("[data-testid=file]")).sendKeys(photo.toAbsolutePath().toString());
            waitFor(browser, () -> !browser.findElements(By.cssSelector("[data-testid=prob-Eyeglasses]")).isEmpty());
            for (int j = 0; j < LABELS.size(); j++) {
                WebElement value = browser.findElement(By.cssSelector("[data-testid=prob-" + LABELS.get(j) + "]"));
                assertEquals(expected.probabilities()[j], Double.parseDouble(value.getAttribute("data-value")), 1e-7,
                        LABELS.get(j));
            }
            assertEquals(1, browser.findElements(By.cssSelector("[data-testid=aligned]")).size());
            screenshot(browser, "upload.png");
        } finally {
            browser.quit();
        }
    }

    /** The webcam, fed by Chromium's fake camera from a file of a face, is snapped, and the face is labelled. */
    @Test
    void takeAPhotoWithTheWebcam() throws Exception {
        Path video = tmp.resolve("camera.y4m");
        writeY4m(video, cameraFrame(), 5);
        WebDriver browser = browser(List.of("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video.toAbsolutePath()));
        try {
            browser.get(server.url());
            browser.findElement(By.cssSelector("[data-testid=webcam]")).click();
            waitFor(browser, () -> ((Number) ((JavascriptExecutor) browser)
                    .executeScript("return document.getElementById('video').videoWidth")).intValue() == 640);
            browser.findElement(By.cssSelector("[data-testid=snap]")).click();
            waitFor(browser, () -> !browser.findElements(By.cssSelector("[data-testid=face], [data-testid=error]")).isEmpty());
            assertTrue(browser.findElements(By.cssSelector("[data-testid=error]")).isEmpty(),
                    () -> browser.findElement(By.cssSelector("[data-testid=error]")).getText());
            String meta = browser.findElement(By.cssSelector("[data-testid=face] .meta")).getText();
            assertTrue(meta.contains("webcam.png#face1") && meta.contains("box "), meta);
            double p = Double.parseDouble(browser.findElement(By.cssSelector("[data-testid=prob-Male]"))
                    .getAttribute("data-value"));
            assertTrue(p >= 0 && p <= 1, "Male " + p);
            screenshot(browser, "webcam.png");
        } finally {
            browser.quit();
        }
    }

    /** A face in a 640x480 frame: the sample's first crop when present, else a synthetic one. */
    private static BgrImage cameraFrame() throws Exception {
        Path face = photos.resolve("000002.jpg");
        Path sample = Path.of("../shared/celeba-sample/Img/img_align_celeba");
        if (Files.isDirectory(sample)) {
            try (Stream<Path> files = Files.list(CelebaSample.alignedImages())) {
                face = files.sorted().findFirst().orElse(face);
            }
        }
        byte[] png = FaceInPhoto.of(Files.readAllBytes(face));
        return new FacePreprocessor(ImageSpec.celebaDefault()).decodeAnySize(png, 1_000_000);
    }

    /** A Y4M file Chromium's fake camera plays in a loop: 4:2:0 planes, the plain {@code C420} tag. */
    static void writeY4m(Path file, BgrImage frame, int frames) throws IOException {
        int w = frame.width();
        int h = frame.height();
        byte[] y = new byte[w * h];
        byte[] u = new byte[w * h / 4];
        byte[] v = new byte[w * h / 4];
        byte[] bgr = frame.bgr();
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int i = row * w + col;
                int b = bgr[3 * i] & 0xff;
                int g = bgr[3 * i + 1] & 0xff;
                int r = bgr[3 * i + 2] & 0xff;
                y[i] = (byte) Math.round(16 + 0.2568 * r + 0.5041 * g + 0.0979 * b);
                if (row % 2 == 0 && col % 2 == 0) {
                    int c = (row / 2) * (w / 2) + col / 2;
                    u[c] = (byte) Math.round(128 - 0.1482 * r - 0.2910 * g + 0.4392 * b);
                    v[c] = (byte) Math.round(128 + 0.4392 * r - 0.3678 * g - 0.0714 * b);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("YUV4MPEG2 W" + w + " H" + h + " F30:1 Ip A1:1 C420\n").getBytes(StandardCharsets.US_ASCII));
        for (int f = 0; f < frames; f++) {
            out.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(y);
            out.writeBytes(u);
            out.writeBytes(v);
        }
        Files.write(file, out.toByteArray());
    }

    /** Headless Debian Chromium with this machine's flags (no network calls of its own) and a fresh profile. */
    static WebDriver browser(List<String> extra) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,900",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile-").toAbsolutePath());
        options.addArguments(extra);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static void waitFor(WebDriver browser, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).until(d -> condition.getAsBoolean());
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
