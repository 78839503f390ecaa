package io.celebaspark.image;

import io.celebaspark.data.RejectReason;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one place where an image file's bytes become a training tensor: structural check, decode, crop,
 * area resize, RGB CHW uint8. The Spark preprocess job runs it on executors and {@code predict} runs it on
 * a user's photo, so a model never sees inputs prepared differently from the ones it was trained on.
 *
 * <p>JPEGs are decoded by the system's libjpeg-turbo when it is installed ({@link TurboJpeg}): about twice as
 * fast, and pixel-identical to the JDK decoder described next, which it falls back to for every file it is not
 * proven identical on, for every file it reports a problem with (so rejects and their messages are the JDK's),
 * and everywhere when the library cannot be loaded. Setting the system property {@value #DECODER_PROPERTY} to
 * {@code imageio} (read once per JVM; default {@code auto}) keeps all decoding on ImageIO.
 *
 * <p>Decoding uses the JDK's own ImageIO readers (for JPEG, the JDK's bundled libjpeg), always chosen by
 * class so a plugin on the classpath (TwelveMonkeys, which deeplearning4j brings) cannot take over. Measured
 * with {@link io.celebaspark.bench.DecodeBenchmark} it decodes as fast as OpenCV 4.5.5's {@code imdecode}
 * with pixel-identical output and faster than TwelveMonkeys; unlike {@code imdecode} it reports libjpeg's
 * "corrupt data" warnings, which are turned into rejects instead of silently gray-filled images, and it
 * needs no native libraries to be extracted on executors.
 *
 * <p>Because libjpeg returns a gray-filled image for a cut-short JPEG, every file's structure is walked first
 * ({@link ImageHeader}), which also rejects a wrong-size image before it is decoded. Grayscale images are
 * accepted (the gray channel is replicated into R, G and B); CMYK/YCCK JPEGs are rejected as
 * {@link RejectReason#UNDECODABLE}, since converting them properly needs their colour profile. An alpha
 * channel is dropped. EXIF orientation is ignored (CelebA's aligned images rely on stored pixel order).
 * Crop and resize are done by {@link AreaResizer} with exact integer arithmetic.
 *
 * <p>Immutable and thread-safe: one instance may be shared by all tasks of an executor (each thread keeps
 * its own decoders). It serializes as its {@link ImageSpec} and the {@link #imageIoOnly} flag; the derived
 * weight tables are rebuilt on first use.
 */
public final class FacePreprocessor implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** ImageIO readers are stateful and not thread-safe, and costly enough to create that each thread keeps one. */
    private static final ThreadLocal<Map<ImageHeader.Format, ImageReader>> READERS =
            ThreadLocal.withInitial(() -> new EnumMap<>(ImageHeader.Format.class));

    /** System property choosing the JPEG decoder: {@code auto} (libjpeg-turbo when loadable) or {@code imageio}. */
    static final String DECODER_PROPERTY = "celeba.jpeg.decoder";
    private static final boolean TURBO_ALLOWED = turboAllowed(System.getProperty(DECODER_PROPERTY, "auto"));

    private final ImageSpec spec;
    /** Set by {@link #imageIoOnly}, to compare the two decoders in one JVM where libjpeg-turbo loads. */
    private final boolean imageIoOnly;
    /**
     * Derived from {@link #spec}; not serialized, and rebuilt on first use after deserialization by Java
     * serialization or by Kryo alike. An unsynchronized rebuild is harmless: AreaResizer is immutable with
     * final fields, so any thread sees a fully built one.
     */
    private transient AreaResizer resizer;

    public FacePreprocessor(ImageSpec spec) {
        this(spec, false);
    }

    /**
     * One that never uses libjpeg-turbo, whatever {@value #DECODER_PROPERTY} says: for tests of the fallback
     * path and for {@link io.celebaspark.bench.DecodeBenchmark}'s side-by-side rates. Jobs use the constructor.
     */
    public static FacePreprocessor imageIoOnly(ImageSpec spec) {
        return new FacePreprocessor(spec, true);
    }

    private FacePreprocessor(ImageSpec spec, boolean imageIoOnly) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is required");
        }
        this.spec = spec;
        this.imageIoOnly = imageIoOnly;
        this.resizer = new AreaResizer(spec.crop(), spec.outputSize());
    }

    public ImageSpec spec() {
        return spec;
    }

    /**
     * Encoded file bytes (JPEG, PNG or BMP) to uint8 RGB in CHW layout: the R plane, then G, then B, each
     * {@code outputSize x outputSize} rows top to bottom; length {@code 3 * outputSize^2}.
     *
     * @throws ImageRejectedException with the reason for every kind of bad input: empty file, not an image,
     *                                truncated, undecodable (including data libjpeg reports as corrupt),
     *                                or not {@code expectedWidth x expectedHeight}
     */
    public byte[] toChw(byte[] encoded) throws ImageRejectedException {
        if (encoded == null) {
            throw new IllegalArgumentException("encoded bytes are required");
        }
        ImageHeader header = ImageHeader.inspect(encoded);
        checkSize(header.width(), header.height(), "header");
        byte[] bgr = turbo() ? TurboJpeg.decodeBgr(encoded, header) : null;
        if (bgr == null) {
            BufferedImage image = decode(encoded, header.format());
            checkSize(image.getWidth(), image.getHeight(), "decoded");
            bgr = toBgr(image);
        }
        return resizer().resize(bgr, spec.expectedWidth());
    }

    /**
     * Decodes a photo of any size with the same structural checks and decoders as {@link #toChw}, for face
     * finding: a real photo is aligned first, and only the aligned 178x218 result goes through {@link #toChw}.
     *
     * @param maxPixels photos with more pixels are refused before decoding, so an upload cannot exhaust memory
     * @throws ImageRejectedException as {@link #toChw} for bad bytes, and {@link RejectReason#TOO_LARGE}
     */
    public BgrImage decodeAnySize(byte[] encoded, long maxPixels) throws ImageRejectedException {
        ImageHeader header = ImageHeader.inspect(encoded);
        if ((long) header.width() * header.height() > maxPixels) {
            throw new ImageRejectedException(RejectReason.TOO_LARGE, "image is " + header.width() + "x"
                    + header.height() + ", more than the limit of " + maxPixels + " pixels");
        }
        byte[] bgr = turbo() ? TurboJpeg.decodeBgr(encoded, header) : null;
        if (bgr == null) {
            BufferedImage image = decode(encoded, header.format());
            return new BgrImage(image.getWidth(), image.getHeight(), toBgr(image));
        }
        return new BgrImage(header.width(), header.height(), bgr);
    }

    /** Whether {@code image} has the size every source image must have (CelebA's aligned 178x218). */
    public boolean hasExpectedSize(BgrImage image) {
        return image.width() == spec.expectedWidth() && image.height() == spec.expectedHeight();
    }

    /** For the manifest: decoder, crop, resize method and output layout. */
    public String describe() {
        return "decode=" + (turbo() ? "JPEG by " + TurboJpeg.description() + " where pixel-identical, else " : "")
                + "JDK ImageIO " + System.getProperty("java.specification.version")
                + " (libjpeg 6b for JPEG; corrupt-data warnings rejected), gray replicated to RGB, CMYK rejected;"
                + " size " + spec.expectedWidth() + "x" + spec.expectedHeight() + " required; crop ("
                + spec.crop().x() + "," + spec.crop().y() + ") " + spec.crop().width() + "x" + spec.crop().height()
                + "; resize area (exact integer box filter, round half up) -> " + spec.outputSize() + "x"
                + spec.outputSize() + "; RGB CHW uint8";
    }

    private boolean turbo() {
        return TURBO_ALLOWED && !imageIoOnly && TurboJpeg.available();
    }

    private static boolean turboAllowed(String value) {
        return switch (value) {
            case "auto" -> true;
            case "imageio" -> false;
            default -> throw new IllegalArgumentException(
                    DECODER_PROPERTY + " must be auto or imageio, not " + value);
        };
    }

    private void checkSize(int width, int height, String source) throws ImageRejectedException {
        if (width != spec.expectedWidth() || height != spec.expectedHeight()) {
            throw new ImageRejectedException(RejectReason.UNEXPECTED_SIZE, "image is " + width + "x" + height
                    + " (" + source + "), expected " + spec.expectedWidth() + "x" + spec.expectedHeight());
        }
    }

    private static BufferedImage decode(byte[] encoded, ImageHeader.Format format) throws ImageRejectedException {
        Map<ImageHeader.Format, ImageReader> readers = READERS.get();
        ImageReader reader = readers.computeIfAbsent(format, FacePreprocessor::jdkReader);
        List<String> warnings = new ArrayList<>(1);
        boolean healthy = false;
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            healthy = true;
            if (!warnings.isEmpty()) {
                throw new ImageRejectedException(RejectReason.UNDECODABLE,
                        "the " + format + " decoder reported corrupt data: " + String.join("; ", warnings));
            }
            return image;
        } catch (IIOException | RuntimeException e) {
            throw new ImageRejectedException(RejectReason.UNDECODABLE,
                    "the " + format + " decoder failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        } finally {
            if (healthy) {
                reader.removeAllIIOReadWarningListeners();
                reader.setInput(null);
            } else {
                // A reader that threw may hold broken native state: start the next image with a fresh one.
                readers.remove(format);
                reader.dispose();
            }
        }
    }

    /** The JDK's own reader, by class, so that plugins registered by other jars are never used. */
    private static ImageReader jdkReader(ImageHeader.Format format) {
        String prefix = "com.sun.imageio.plugins.";
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.name()); it.hasNext(); ) {
            ImageReader reader = it.next();
            if (reader.getClass().getName().startsWith(prefix)) {
                return reader;
            }
            reader.dispose();
        }
        throw new IllegalStateException("the JDK has no built-in ImageIO reader for " + format);
    }

    /** Interleaved B,G,R bytes, width*height*3, whatever the decoded image type. */
    private static byte[] toBgr(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR: {
                byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
                if (data.length == w * h * 3) {
                    return data;
                }
                break;
            }
            case BufferedImage.TYPE_BYTE_GRAY:
            case BufferedImage.TYPE_USHORT_GRAY: {
                // Replicate raw gray samples; Java2D's gray-to-sRGB conversion would apply a gamma curve.
                int max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
                int[] gray = raster.getSamples(0, 0, w, h, 0, (int[]) null);
                byte[] bgr = new byte[w * h * 3];
                for (int i = 0; i < gray.length; i++) {
                    byte v = (byte) ((gray[i] * 255L * 2 + max) / (2L * max));
                    bgr[3 * i] = v;
                    bgr[3 * i + 1] = v;
                    bgr[3 * i + 2] = v;
                }
                return bgr;
            }
            default:
                break;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            bgr[3 * i] = (byte) p;
            bgr[3 * i + 1] = (byte) (p >> 8);
            bgr[3 * i + 2] = (byte) (p >> 16);
        }
        return bgr;
    }

    private AreaResizer resizer() {
        AreaResizer r = resizer;
        if (r == null) {
            r = new AreaResizer(spec.crop(), spec.outputSize());
            resizer = r;
        }
        return r;
    }
}
