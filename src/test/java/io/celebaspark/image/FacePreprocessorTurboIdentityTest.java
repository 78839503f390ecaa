package io.celebaspark.image;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The libjpeg-turbo fast path must give the JDK decoder's pixels to the bit, or not be taken: checked on the
 * CelebA sample and on synthetic JPEGs of each quality, subsampling and coding mode.
 */
class FacePreprocessorTurboIdentityTest {

    /** All 5,340 sample files agreed when this was written; the first 1,000 keep the test at about 2 s. */
    private static final int SAMPLE_FILES = 1000;
    private static final Path INSTALLED = Path.of("/usr/lib/x86_64-linux-gnu/" + TurboJpeg.LIBRARY);

    private final FacePreprocessor auto = new FacePreprocessor(ImageSpec.celebaDefault());
    private final FacePreprocessor imageIo = FacePreprocessor.imageIoOnly(ImageSpec.celebaDefault());

    @Test
    void loadsWhereInstalled() {
        assumeTrue(Files.exists(INSTALLED), TurboJpeg.LIBRARY + " not installed");
        assertTrue(TurboJpeg.available(), "libturbojpeg is installed but did not load");
    }

    @Test
    void sampleImagesDecodeToTheJdkPixels() throws Exception {
        assumeTrue(TurboJpeg.available(), "libturbojpeg not loadable");
        Path dir = Path.of(System.getProperty("celeba.sample", "../shared/celeba-sample"))
                .resolve("Img/img_align_celeba");
        assumeTrue(Files.isDirectory(dir), "CelebA sample not present at " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(SAMPLE_FILES).toList();
        }
        ImageReader jdk = jdkReader();
        List<String> different = new ArrayList<>();
        for (Path f : files) {
            byte[] jpeg = Files.readAllBytes(f);
            byte[] turbo = TurboJpeg.decodeBgr(jpeg, ImageHeader.inspect(jpeg));
            assertNotNull(turbo, f + " was not decoded by libjpeg-turbo");
            if (!Arrays.equals(jdkBgr(jdk, jpeg), turbo) || !Arrays.equals(imageIo.toChw(jpeg), auto.toChw(jpeg))) {
                different.add(f.getFileName().toString());
            }
        }
        System.out.printf("libjpeg-turbo vs JDK ImageIO: %d sample files compared (decoded BGR and toChw), %d differ%n",
                files.size(), different.size());
        assertEquals(List.of(), different);
    }

    @Test
    void syntheticJpegsOfEveryKindGiveTheJdkPixels() throws Exception {
        assumeTrue(TurboJpeg.available(), "libturbojpeg not loadable");
        ImageReader jdk = jdkReader();
        BufferedImage colour = noisyFace(BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage gray = noisyFace(BufferedImage.TYPE_BYTE_GRAY);
        List<String> report = new ArrayList<>();
        for (int[] sampling : new int[][]{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {4, 1}}) {
            for (float quality : new float[]{0.3f, 0.75f, 0.95f, 1f}) {
                for (boolean progressive : new boolean[]{false, true}) {
                    String name = "Y " + sampling[0] + "x" + sampling[1] + " q" + quality
                            + (progressive ? " progressive" : "");
                    report.add(compare(jdk, name, encode(colour, quality, sampling, progressive, 0)));
                }
            }
            report.add(compare(jdk, "Y " + sampling[0] + "x" + sampling[1] + " restarts",
                    encode(colour, 0.75f, sampling, false, 3)));
        }
        for (float quality : new float[]{0.3f, 0.75f, 1f}) {
            report.add(compare(jdk, "gray q" + quality, encode(gray, quality, null, false, 0)));
            report.add(compare(jdk, "gray q" + quality + " progressive", encode(gray, quality, null, true, 0)));
        }
        report.forEach(System.out::println);
        assertTrue(report.stream().noneMatch(r -> r.contains("DIFFER")), String.join("\n", report));
    }

    @Test
    void aColourJpegWithoutJfifIsLeftToImageIo() throws Exception {
        assumeTrue(TurboJpeg.available(), "libturbojpeg not loadable");
        byte[] jpeg = encode(noisyFace(BufferedImage.TYPE_3BYTE_BGR), 0.75f, new int[]{2, 2}, false, 0);
        assertEquals('J', jpeg[6]);
        jpeg[6] = 'X'; // APP0 "JFIF" -> "XFIF": an unknown APP0, so the colour space is a guess
        ImageHeader header = ImageHeader.inspect(jpeg);
        assertFalse(header.plainJpeg());
        assertNull(TurboJpeg.decodeBgr(jpeg, header));
        assertArrayEquals(imageIo.toChw(jpeg), auto.toChw(jpeg));
    }

    @Test
    void corruptDataIsLeftToImageIo() throws Exception {
        assumeTrue(TurboJpeg.available(), "libturbojpeg not loadable");
        byte[] jpeg = encode(noisyFace(BufferedImage.TYPE_3BYTE_BGR), 0.75f, new int[]{2, 2}, false, 0);
        int sos = 0;
        while ((jpeg[sos] & 0xff) != 0xff || (jpeg[sos + 1] & 0xff) != 0xda) {
            sos++;
        }
        for (int i = sos + 200; i < sos + 240; i += 2) {
            jpeg[i] = (byte) 0xff;
            jpeg[i + 1] = (byte) 0xd3;
        }
        assertNull(TurboJpeg.decodeBgr(jpeg, ImageHeader.inspect(jpeg)), "the warning is not ignored");
        assertEquals(expectRejectMessage(imageIo, jpeg), expectRejectMessage(auto, jpeg));
    }

    private static String expectRejectMessage(FacePreprocessor p, byte[] jpeg) {
        try {
            p.toChw(jpeg);
            throw new AssertionError("accepted");
        } catch (ImageRejectedException e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    private String compare(ImageReader jdk, String name, byte[] jpeg) throws Exception {
        byte[] turbo = TurboJpeg.decodeBgr(jpeg, ImageHeader.inspect(jpeg));
        byte[] expected = jdkBgr(jdk, jpeg);
        boolean same = Arrays.equals(imageIo.toChw(jpeg), auto.toChw(jpeg));
        name += " [" + frame(jpeg) + "]";
        if (turbo == null) {
            return name + ": left to ImageIO" + (same ? "" : " yet DIFFER");
        }
        int maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((expected[i] & 0xff) - (turbo[i] & 0xff)));
        }
        return name + ": libjpeg-turbo " + (maxDiff == 0 && same ? "identical" : "DIFFER (max " + maxDiff + ")");
    }

    /** The frame header's marker and per-component sampling factors, to show what was written. */
    private static String frame(byte[] jpeg) {
        int sof = 2;
        while (!((jpeg[sof] & 0xff) == 0xff && ((jpeg[sof + 1] & 0xff) == 0xc0 || (jpeg[sof + 1] & 0xff) == 0xc2))) {
            sof++;
        }
        StringBuilder s = new StringBuilder(String.format("SOF%d", (jpeg[sof + 1] & 0xff) - 0xc0));
        for (int c = 0; c < jpeg[sof + 9]; c++) {
            int factors = jpeg[sof + 11 + 3 * c] & 0xff;
            s.append(' ').append(factors >> 4).append('x').append(factors & 15);
        }
        return s.toString();
    }

    /** 178x218, gradients plus noise, so that every upsampling or IDCT difference would show. */
    private static BufferedImage noisyFace(int type) {
        BufferedImage img = new BufferedImage(178, 218, type);
        Random random = new Random(42);
        for (int y = 0; y < 218; y++) {
            for (int x = 0; x < 178; x++) {
                int r = Math.min(255, x * 255 / 177 + random.nextInt(40));
                int g = Math.min(255, y * 255 / 217 + random.nextInt(40));
                int b = random.nextInt(256);
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /**
     * JDK-written JPEG. {@code sampling} is the luma H x V factor over 1x1 chroma (null for gray); restarts
     * is the restart interval in MCUs (0: none).
     */
    private static byte[] encode(BufferedImage img, float quality, int[] sampling, boolean progressive, int restarts)
            throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
            String format = "javax_imageio_jpeg_image_1.0";
            Element tree = (Element) metadata.getAsTree(format);
            if (sampling != null) {
                NodeList components = tree.getElementsByTagName("componentSpec");
                for (int i = 0; i < components.getLength(); i++) {
                    Element c = (Element) components.item(i);
                    c.setAttribute("HsamplingFactor", String.valueOf(i == 0 ? sampling[0] : 1));
                    c.setAttribute("VsamplingFactor", String.valueOf(i == 0 ? sampling[1] : 1));
                }
            }
            if (restarts > 0) {
                IIOMetadataNode dri = new IIOMetadataNode("dri");
                dri.setAttribute("interval", String.valueOf(restarts));
                Element markers = (Element) tree.getElementsByTagName("markerSequence").item(0);
                markers.insertBefore(dri, markers.getFirstChild());
            }
            metadata.setFromTree(format, tree);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(img, null, metadata), param);
            }
            return out.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static ImageReader jdkReader() {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader")) {
                return r;
            }
        }
        throw new IllegalStateException("no JDK JPEG reader");
    }

    /** The JDK's decode as interleaved BGR (gray replicated, as toChw does). */
    private static byte[] jdkBgr(ImageReader reader, byte[] jpeg) throws IOException {
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in, true, true);
            BufferedImage img = reader.read(0);
            byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
                return data;
            }
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
            byte[] bgr = new byte[data.length * 3];
            for (int i = 0; i < data.length; i++) {
                Arrays.fill(bgr, 3 * i, 3 * i + 3, data[i]);
            }
            return bgr;
        } finally {
            reader.setInput(null);
        }
    }
}
