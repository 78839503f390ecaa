package io.celebaspark.image;

import io.celebaspark.data.RejectReason;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FacePreprocessorTest {

    private static final Path SAMPLE = Path.of("/work/shared/celeba-sample/Img/img_align_celeba/000002.jpg");
    private final FacePreprocessor p64 = preprocessor(ImageSpec.celebaDefault());

    /** The instance under test; {@link FacePreprocessorImageIoTest} runs every test again with ImageIO only. */
    FacePreprocessor preprocessor(ImageSpec spec) {
        return new FacePreprocessor(spec);
    }

    /** Whether JPEGs should be going through libjpeg-turbo here. */
    boolean expectTurbo() {
        return !"imageio".equals(System.getProperty(FacePreprocessor.DECODER_PROPERTY)) && TurboJpeg.available();
    }

    /** A 178x218 image: smooth gradients, so JPEG keeps it close to the original. */
    private static BufferedImage face(int type) {
        BufferedImage img = new BufferedImage(178, 218, type);
        for (int y = 0; y < 218; y++) {
            for (int x = 0; x < 178; x++) {
                img.setRGB(x, y, (x * 255 / 177) << 16 | (y * 255 / 217) << 8 | 128);
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    private static byte[] jpeg() throws IOException {
        return encode(face(BufferedImage.TYPE_3BYTE_BGR), "jpeg");
    }

    private ImageRejectedException reject(byte[] bytes, RejectReason expected) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> p64.toChw(bytes));
        assertEquals(expected, e.reason(), e.getMessage());
        return e;
    }

    private static int indexOf(byte[] b, int first, int second) {
        for (int i = 0; i < b.length - 1; i++) {
            if ((b[i] & 0xff) == first && (b[i + 1] & 0xff) == second) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    @Test
    void validJpegGivesRgbChwOfTheRightLength() throws Exception {
        byte[] chw = p64.toChw(jpeg());
        assertEquals(3 * 64 * 64, chw.length);
        // red grows with x, green with y, blue constant 128 (JPEG: within a few levels)
        assertTrue((chw[63] & 0xff) > (chw[0] & 0xff) + 200, "R rises left to right");
        assertTrue((chw[4096 + 63 * 64] & 0xff) > (chw[4096] & 0xff) + 150, "G rises top to bottom");
        assertEquals(128, chw[2 * 4096 + 32 * 64 + 32] & 0xff, 4);
    }

    @Test
    void outputSize128() throws Exception {
        assertEquals(3 * 128 * 128, preprocessor(ImageSpec.celeba(128)).toChw(jpeg()).length);
    }

    @Test
    void chwPutsRedInChannelZero() throws Exception {
        BufferedImage img = new BufferedImage(178, 218, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 218; y++) {
            for (int x = 0; x < 178; x++) {
                img.setRGB(x, y, x < 89 ? 0xff0000 : 0x0000ff); // red left half, blue right half
            }
        }
        byte[] chw = p64.toChw(encode(img, "png")); // lossless, so exact
        int s = 64;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                boolean left = x < 32; // 89/178 of the width is exactly 32/64
                assertEquals(left ? 255 : 0, chw[y * s + x] & 0xff, "R at " + x + "," + y);
                assertEquals(0, chw[s * s + y * s + x] & 0xff, "G at " + x + "," + y);
                assertEquals(left ? 0 : 255, chw[2 * s * s + y * s + x] & 0xff, "B at " + x + "," + y);
            }
        }
    }

    @Test
    void pngAndBmpOfTheRightSizeMatchTheirPixelsExactly() throws Exception {
        BufferedImage img = face(BufferedImage.TYPE_3BYTE_BGR);
        byte[] expected = new AreaResizer(ImageSpec.celebaDefault().crop(), 64)
                .resize(((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 178);
        assertArrayEquals(expected, p64.toChw(encode(img, "png")));
        assertArrayEquals(expected, p64.toChw(encode(img, "bmp")));
    }

    @Test
    void grayscaleIsReplicatedIntoAllThreeChannels() throws Exception {
        BufferedImage gray = new BufferedImage(178, 218, BufferedImage.TYPE_BYTE_GRAY);
        byte[] g = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) (40 + (i % 178));
        }
        for (String format : List.of("jpeg", "png")) {
            byte[] chw = p64.toChw(encode(gray, format));
            int plane = 64 * 64;
            assertArrayEquals(Arrays.copyOfRange(chw, 0, plane), Arrays.copyOfRange(chw, plane, 2 * plane), format);
            assertArrayEquals(Arrays.copyOfRange(chw, 0, plane), Arrays.copyOfRange(chw, 2 * plane, 3 * plane), format);
            assertEquals(40 + 1, chw[0] & 0xff, 2, format + ": no gamma curve applied to gray");
        }
    }

    @Test
    void emptyFileIsZeroByte() {
        reject(new byte[0], RejectReason.ZERO_BYTE);
    }

    @Test
    void bytesThatAreNoImageAreNotAnImage() {
        reject("<html>404 Not Found</html>".getBytes(StandardCharsets.US_ASCII), RejectReason.NOT_AN_IMAGE);
        assertTrue(reject(new byte[4096], RejectReason.NOT_AN_IMAGE).getMessage().contains("zero"));
        reject(new byte[]{(byte) 0xff}, RejectReason.NOT_AN_IMAGE);
    }

    @Test
    void cutShortJpegIsTruncated() throws Exception {
        byte[] jpeg = jpeg();
        reject(Arrays.copyOf(jpeg, jpeg.length / 2), RejectReason.TRUNCATED);
        reject(Arrays.copyOf(jpeg, jpeg.length - 2), RejectReason.TRUNCATED); // only EOI missing
        reject(Arrays.copyOf(jpeg, 100), RejectReason.TRUNCATED); // inside the headers
        byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 500); // a partial download padded with zeros
        Arrays.fill(padded, jpeg.length / 2, padded.length, (byte) 0);
        reject(padded, RejectReason.TRUNCATED);
    }

    @Test
    void progressiveJpegWithManyScansIsAccepted() throws Exception {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(face(BufferedImage.TYPE_3BYTE_BGR), null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] progressive = out.toByteArray();
        // Same quantized coefficients, only sent in several scans: the same pixels.
        assertArrayEquals(p64.toChw(jpeg()), p64.toChw(progressive));
        reject(Arrays.copyOf(progressive, progressive.length * 2 / 3), RejectReason.TRUNCATED);
    }

    @Test
    void zerosAfterACompleteJpegAreHarmless() throws Exception {
        byte[] jpeg = jpeg();
        assertArrayEquals(p64.toChw(jpeg), p64.toChw(Arrays.copyOf(jpeg, jpeg.length + 300)));
    }

    @Test
    void cutShortPngAndBmpAreTruncated() throws Exception {
        byte[] png = encode(face(BufferedImage.TYPE_3BYTE_BGR), "png");
        reject(Arrays.copyOf(png, png.length - 12), RejectReason.TRUNCATED);
        byte[] bmp = encode(face(BufferedImage.TYPE_3BYTE_BGR), "bmp");
        reject(Arrays.copyOf(bmp, bmp.length / 2), RejectReason.TRUNCATED);
    }

    @Test
    void brokenJpegStructureIsUndecodable() {
        // APP0 segment followed by a byte that is not a marker
        reject(new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0, 0x12, 0x34, (byte) 0xff,
                (byte) 0xd9}, RejectReason.UNDECODABLE);
        // a scan before any frame header
        reject(new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xda, 0, 2, 1, 2, (byte) 0xff, (byte) 0xd9},
                RejectReason.UNDECODABLE);
    }

    @Test
    void tablesTheDecoderRefusesAreUndecodable() throws Exception {
        byte[] jpeg = jpeg();
        int dht = indexOf(jpeg, 0xff, 0xc4);
        Arrays.fill(jpeg, dht + 5, dht + 21, (byte) 0x7f); // Huffman code counts that overflow: bogus table
        assertTrue(reject(jpeg, RejectReason.UNDECODABLE).getMessage().contains("JPEG"));
    }

    @Test
    void corruptCompressedDataReportedByTheDecoderIsUndecodable() throws Exception {
        byte[] jpeg = jpeg();
        int sos = indexOf(jpeg, 0xff, 0xda);
        int start = sos + 200;
        // Restart markers where none were declared: the stream stays well-formed, libjpeg warns.
        for (int i = start; i < start + 40; i += 2) {
            jpeg[i] = (byte) 0xff;
            jpeg[i + 1] = (byte) 0xd3;
        }
        reject(jpeg, RejectReason.UNDECODABLE);
    }

    @Test
    void cmykJpegIsUndecodableWithAClearMessage() throws Exception {
        byte[] jpeg = jpeg();
        int sof = indexOf(jpeg, 0xff, 0xc0);
        jpeg[sof + 9] = 4; // component count in the frame header
        assertTrue(reject(jpeg, RejectReason.UNDECODABLE).getMessage().contains("CMYK"));
    }

    @Test
    void wrongSizeIsUnexpectedSizeWithBothSizes() throws Exception {
        BufferedImage small = new BufferedImage(100, 120, BufferedImage.TYPE_3BYTE_BGR);
        for (String format : List.of("png", "jpeg", "bmp")) {
            String message = reject(encode(small, format), RejectReason.UNEXPECTED_SIZE).getMessage();
            assertTrue(message.contains("100x120") && message.contains("178x218"), message);
        }
    }

    @Test
    void realCelebaImageGivesSaneValuesAndTheExactAreaMeanOfItsDecode() throws Exception {
        assumeTrue(Files.isReadable(SAMPLE), "CelebA sample not present");
        byte[] file = Files.readAllBytes(SAMPLE);
        byte[] chw = p64.toChw(file);
        long sum = 0;
        int min = 255;
        int max = 0;
        for (byte b : chw) {
            sum += b & 0xff;
            min = Math.min(min, b & 0xff);
            max = Math.max(max, b & 0xff);
        }
        double mean = sum / (double) chw.length;
        assertTrue(mean > 30 && mean < 225, "mean " + mean);
        assertTrue(max - min > 100, "contrast " + min + ".." + max);
        BufferedImage decoded = ImageIO.read(SAMPLE.toFile());
        byte[] bgr = ((DataBufferByte) decoded.getRaster().getDataBuffer()).getData();
        assertArrayEquals(AreaResizerTest.referenceArea(bgr, 178, ImageSpec.celebaDefault().crop(), 64), chw);
    }

    @Test
    void survivesSerializationAsItsSpec() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p64);
        }
        assertTrue(bytes.size() < 1000, "serialized size " + bytes.size());
        FacePreprocessor copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (FacePreprocessor) in.readObject();
        }
        assertEquals(p64.spec(), copy.spec());
        byte[] jpeg = jpeg();
        assertArrayEquals(p64.toChw(jpeg), copy.toChw(jpeg));
    }

    @Test
    void oneInstanceIsSafeAcrossThreads() throws Exception {
        byte[] good = jpeg();
        byte[] truncated = Arrays.copyOf(good, good.length - 2);
        byte[] expected = p64.toChw(good);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        assertArrayEquals(expected, p64.toChw(good));
                        assertThrows(ImageRejectedException.class, () -> p64.toChw(truncated));
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void describeNamesDecoderCropAndSize() {
        String d = p64.describe();
        assertTrue(d.contains("decode=") && d.contains("crop (0,20) 178x178") && d.contains("-> 64x64")
                && d.contains("RGB CHW uint8") && d.contains("JDK ImageIO"), d);
        assertEquals(expectTurbo(), d.contains("libjpeg-turbo"), d);
    }

    @Test
    void specRefusesImpossibleGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new CropBox(-1, 0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new CropBox(0, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageSpec(178, 218, new CropBox(0, 60, 178, 178), 64));
        IllegalArgumentException up = assertThrows(IllegalArgumentException.class,
                () -> new ImageSpec(178, 218, new CropBox(0, 20, 178, 178), 256));
        assertTrue(up.getMessage().contains("upsampling"));
        assertEquals(3 * 64 * 64, ImageSpec.celebaDefault().tensorLength());
    }
}
