package io.celebaspark.bench;

import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.image.ImageSpec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Measures single-threaded JPEG decode rates of the decoders on the classpath, and the full
 * {@link FacePreprocessor#toChw} rate, on real files held in memory (so disk speed does not count).
 * It is how the decoder inside {@link FacePreprocessor} was chosen, and it is kept so the choice can be
 * re-checked when a dependency changes. {@code toChw} runs twice, as configured (libjpeg-turbo when loadable)
 * and {@link FacePreprocessor#imageIoOnly}, so the fast path's gain is measured on the same files in the same
 * run. It also checks that the candidates agree on pixels.
 *
 * <p>Run as {@code celeba-spark bench-decoders --images DIR [--files 2000] [--repeats 5]}
 * ({@code submit/bench-decoders.sh}). After one warm-up pass, prints
 * min/median/max wall-clock images/s over the repeats and the median rate by thread CPU time.
 */
public final class DecodeBenchmark {

    private DecodeBenchmark() {
    }

    /** Runs the comparison on the first {@code files} JPEGs of {@code dir}; prints to standard output. */
    public static void run(Path dir, int files, int repeats) throws IOException {
        List<byte[]> data = load(dir, files);
        System.out.printf("%d files from %s, %d repeats (+1 warm-up), single thread%n", data.size(), dir, repeats);

        ImageReader jdk = reader("com.sun.imageio.plugins.jpeg.JPEGImageReader");
        ImageReader twelveMonkeys = reader("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader");
        Loader.load(opencv_imgcodecs.class);
        opencv_core.setNumThreads(1); // single-threaded like the others
        ImageSpec spec64 = ImageSpec.celebaDefault();
        FacePreprocessor p64 = new FacePreprocessor(spec64);
        FacePreprocessor p128 = new FacePreprocessor(ImageSpec.celeba(128));
        FacePreprocessor p64ImageIo = FacePreprocessor.imageIoOnly(spec64);
        FacePreprocessor p128ImageIo = FacePreprocessor.imageIoOnly(ImageSpec.celeba(128));
        System.out.println("toChw = " + p64.describe());
        System.out.println("toChw ImageIO = " + p64ImageIo.describe());

        Map<String, Function<byte[], Object>> ops = new LinkedHashMap<>();
        ops.put("decode ImageIO JDK (libjpeg 6b)", b -> decodeImageIo(jdk, b));
        ops.put("decode ImageIO TwelveMonkeys 3.1.1", b -> decodeImageIo(twelveMonkeys, b));
        ops.put("decode OpenCV 4.5.5 imdecode", DecodeBenchmark::decodeOpenCv);
        ops.put("toChw 64 (check+decode+crop+area)", b -> chw(p64, b));
        ops.put("toChw 64 ImageIO only", b -> chw(p64ImageIo, b));
        ops.put("toChw 128 (check+decode+crop+area)", b -> chw(p128, b));
        ops.put("toChw 128 ImageIO only", b -> chw(p128ImageIo, b));
        ops.put("OpenCV imdecode+crop+INTER_AREA 64", b -> openCvResize(b, spec64));
        // Candidates take turns within each repeat, so background load hits them alike. Thread CPU time is
        // reported next to wall time because it is far less disturbed by other processes on a shared machine.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, double[][]> rates = new LinkedHashMap<>();
        ops.keySet().forEach(k -> rates.put(k, new double[2][repeats]));
        long sink = 0;
        for (int r = -1; r < repeats; r++) {
            for (Map.Entry<String, Function<byte[], Object>> op : ops.entrySet()) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (byte[] b : data) {
                    sink += op.getValue().apply(b).hashCode();
                }
                long wall = System.nanoTime() - t0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                if (r >= 0) {
                    rates.get(op.getKey())[0][r] = data.size() / (wall / 1e9);
                    rates.get(op.getKey())[1][r] = data.size() / (cpu / 1e9);
                }
            }
        }
        System.out.printf("%-38s %-32s %s%n", "", "wall images/s min/median/max", "CPU-time images/s median (ms/image)");
        rates.forEach((name, x) -> {
            Arrays.sort(x[0]);
            Arrays.sort(x[1]);
            double cpuMedian = x[1][repeats / 2];
            System.out.printf("%-38s %6.0f / %6.0f / %6.0f      %6.0f (%.3f)%n",
                    name, x[0][0], x[0][repeats / 2], x[0][repeats - 1], cpuMedian, 1000.0 / cpuMedian);
        });
        System.out.println("(checksum " + (sink & 0xff) + ")");
        compare(data, jdk, p64, spec64);
        long differ = data.stream()
                .filter(b -> !Arrays.equals((byte[]) chw(p64, b), (byte[]) chw(p64ImageIo, b))).count();
        System.out.printf("toChw 64 vs toChw 64 ImageIO only over %d images: %d differ%n", data.size(), differ);
    }

    private static List<byte[]> load(Path dir, int files) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(files).map(p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static ImageReader reader(String className) {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().equals(className)) {
                return r;
            }
        }
        throw new IllegalStateException("no ImageIO JPEG reader " + className + " on the classpath");
    }

    /** Interleaved BGR bytes, as both decoders' natural output. */
    private static byte[] decodeImageIo(ImageReader reader, byte[] b) {
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(b))) {
            reader.setInput(in, true, true);
            BufferedImage img = reader.read(0);
            if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
                throw new IllegalStateException("unexpected image type " + img.getType());
            }
            return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.setInput(null);
        }
    }

    private static byte[] decodeOpenCv(byte[] b) {
        try (BytePointer p = new BytePointer(b);
             Mat buf = new Mat(1, b.length, opencv_core.CV_8UC1, p);
             Mat img = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_COLOR)) {
            byte[] out = new byte[img.cols() * img.rows() * 3];
            img.data().get(out);
            return out;
        }
    }

    private static Object chw(FacePreprocessor p, byte[] b) {
        try {
            return p.toChw(b);
        } catch (ImageRejectedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What doing the crop and resize inside OpenCV would cost (BGR HWC output, no CHW transpose). */
    private static byte[] openCvResize(byte[] b, ImageSpec spec) {
        int s = spec.outputSize();
        try (BytePointer p = new BytePointer(b);
             Mat buf = new Mat(1, b.length, opencv_core.CV_8UC1, p);
             Mat img = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_COLOR);
             Rect r = new Rect(spec.crop().x(), spec.crop().y(), spec.crop().width(), spec.crop().height());
             Mat roi = new Mat(img, r);
             Mat small = new Mat();
             Size size = new Size(s, s)) {
            opencv_imgproc.resize(roi, small, size, 0, 0, opencv_imgproc.INTER_AREA);
            byte[] out = new byte[s * s * 3];
            small.data().get(out);
            return out;
        }
    }

    /** Pixel agreement: JDK ImageIO vs OpenCV decode, and our area filter vs OpenCV INTER_AREA. */
    private static void compare(List<byte[]> data, ImageReader jdk, FacePreprocessor p, ImageSpec spec) {
        long decodeAbs = 0;
        long decodeN = 0;
        int decodeMax = 0;
        long resizeAbs = 0;
        long resizeN = 0;
        int resizeMax = 0;
        int s = spec.outputSize();
        List<byte[]> subset = new ArrayList<>(data.subList(0, Math.min(500, data.size())));
        for (byte[] b : subset) {
            byte[] a = decodeImageIo(jdk, b);
            byte[] o = decodeOpenCv(b);
            for (int i = 0; i < a.length; i++) {
                int d = Math.abs((a[i] & 0xff) - (o[i] & 0xff));
                decodeAbs += d;
                decodeMax = Math.max(decodeMax, d);
            }
            decodeN += a.length;
            byte[] chw = chw(p, b) instanceof byte[] c ? c : null;
            byte[] cv = openCvResize(b, spec);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    for (int c = 0; c < 3; c++) {
                        int ours = chw[c * s * s + y * s + x] & 0xff;
                        int theirs = cv[(y * s + x) * 3 + (2 - c)] & 0xff;
                        int d = Math.abs(ours - theirs);
                        resizeAbs += d;
                        resizeMax = Math.max(resizeMax, d);
                    }
                }
            }
            resizeN += 3L * s * s;
        }
        System.out.printf("decode JDK ImageIO vs OpenCV over %d images: mean |diff| %.4f levels, max %d%n",
                subset.size(), (double) decodeAbs / decodeN, decodeMax);
        System.out.printf("toChw (our decode, our area filter) vs OpenCV imdecode+INTER_AREA over %d images: mean |diff| %.4f, max %d%n",
                subset.size(), (double) resizeAbs / resizeN, resizeMax);
    }
}
