package io.celebaspark.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Decoded pixels: interleaved B, G, R bytes, rows top to bottom, the layout {@link FacePreprocessor} and
 * {@link AreaResizer} work in.
 */
public record BgrImage(int width, int height, byte[] bgr) {

    public BgrImage {
        if (width <= 0 || height <= 0 || bgr == null || bgr.length != 3L * width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR image needs "
                    + 3L * width * height + " bytes, got " + (bgr == null ? "none" : bgr.length));
        }
    }

    /** A copy of {@code image}'s pixels (alpha dropped). */
    public static BgrImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] bgr = new byte[3 * w * h];
        for (int i = 0; i < argb.length; i++) {
            bgr[3 * i] = (byte) argb[i];
            bgr[3 * i + 1] = (byte) (argb[i] >> 8);
            bgr[3 * i + 2] = (byte) (argb[i] >> 16);
        }
        return new BgrImage(w, h, bgr);
    }

    /** A {@code TYPE_3BYTE_BGR} image sharing these bytes. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(bgr, 0, target, 0, bgr.length);
        return image;
    }

    /**
     * Lossless PNG bytes: how an aligned face enters {@link FacePreprocessor#toChw} (the decoder gives back these
     * exact pixels) and how the page shows it.
     */
    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bgr.length / 2);
        try {
            if (!ImageIO.write(toBufferedImage(), "png", out)) {
                throw new IllegalStateException("the JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing a PNG to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Mean absolute difference per channel value against an image of the same size (0 = identical). */
    public double meanAbsoluteDifference(BgrImage other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("sizes differ: " + width + "x" + height + " vs " + other.width + "x"
                    + other.height);
        }
        long sum = 0;
        for (int i = 0; i < bgr.length; i++) {
            sum += Math.abs((bgr[i] & 0xff) - (other.bgr[i] & 0xff));
        }
        return (double) sum / bgr.length;
    }
}
