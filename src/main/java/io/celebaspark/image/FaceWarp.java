package io.celebaspark.image;

/**
 * Resamples a photo through a {@link Similarity} into an aligned canvas: every output pixel is looked up at
 * its inverse-transformed position with bilinear interpolation, and positions outside the photo take the
 * nearest edge pixel (a black border would be a feature the model never saw in CelebA).
 *
 * <p>Bilinear sampling alone aliases when the photo is shrunk by more than 2x (a face in a 12-megapixel
 * selfie), so the photo is first reduced by an integer box filter that brings the remaining scale to at
 * least 1/2.
 */
public final class FaceWarp {

    private FaceWarp() {
    }

    /** An aligned 178x218 face: {@code photoToTemplate} maps the photo's eyes onto {@link EyeTemplate#CELEBA}. */
    public static BgrImage celeba(BgrImage photo, Similarity photoToTemplate) {
        return warp(photo, photoToTemplate, ImageSpec.CELEBA_WIDTH, ImageSpec.CELEBA_HEIGHT);
    }

    /** The transform that puts a photo's two eye centres where CelebA's alignment puts them. */
    public static Similarity toCelebaTemplate(Point leftEye, Point rightEye) {
        return Similarity.mapping(leftEye, rightEye, EyeTemplate.CELEBA.left(), EyeTemplate.CELEBA.right());
    }

    /** {@code photo} seen through {@code photoToOutput}, {@code width x height}. */
    public static BgrImage warp(BgrImage photo, Similarity photoToOutput, int width, int height) {
        int factor = (int) Math.floor(0.5 / photoToOutput.scale());
        BgrImage source = photo;
        Similarity toOutput = photoToOutput;
        if (factor >= 2) {
            source = boxReduce(photo, factor);
            // the centre of reduced pixel j is the centre of the block jk .. jk+k-1 of the photo
            double offset = (factor - 1) / 2.0;
            toOutput = photoToOutput.after(new Similarity(factor, 0, offset, offset));
        }
        Similarity back = toOutput.inverse();
        byte[] out = new byte[3 * width * height];
        int sw = source.width();
        int sh = source.height();
        byte[] src = source.bgr();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                Point p = back.apply(new Point(x, y));
                double px = Math.min(Math.max(p.x(), 0), sw - 1);
                double py = Math.min(Math.max(p.y(), 0), sh - 1);
                int x0 = (int) Math.floor(px);
                int y0 = (int) Math.floor(py);
                int x1 = Math.min(x0 + 1, sw - 1);
                int y1 = Math.min(y0 + 1, sh - 1);
                double fx = px - x0;
                double fy = py - y0;
                int o = 3 * (y * width + x);
                for (int c = 0; c < 3; c++) {
                    double top = (src[3 * (y0 * sw + x0) + c] & 0xff) * (1 - fx) + (src[3 * (y0 * sw + x1) + c] & 0xff) * fx;
                    double bottom = (src[3 * (y1 * sw + x0) + c] & 0xff) * (1 - fx) + (src[3 * (y1 * sw + x1) + c] & 0xff) * fx;
                    out[o + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return new BgrImage(width, height, out);
    }

    /** Means of {@code factor x factor} blocks (a partial last row or column of blocks is dropped). */
    static BgrImage boxReduce(BgrImage photo, int factor) {
        int w = Math.max(1, photo.width() / factor);
        int h = Math.max(1, photo.height() / factor);
        int bw = Math.min(factor, photo.width());
        int bh = Math.min(factor, photo.height());
        byte[] src = photo.bgr();
        byte[] out = new byte[3 * w * h];
        int area = bw * bh;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = 0; dy < bh; dy++) {
                        int row = (y * factor + dy) * photo.width();
                        for (int dx = 0; dx < bw; dx++) {
                            sum += src[3 * (row + x * factor + dx) + c] & 0xff;
                        }
                    }
                    out[3 * (y * w + x) + c] = (byte) ((sum + area / 2) / area);
                }
            }
        }
        return new BgrImage(w, h, out);
    }
}
