package io.celebaspark.image;

import java.util.Arrays;

/**
 * Crops an interleaved BGR image and shrinks it with an exact area (box) filter into RGB CHW bytes.
 *
 * <p>Each output pixel is the area-weighted mean of the source pixels its footprint covers, computed in
 * integers: along an axis of {@code n} source pixels and {@code m} output pixels, a source pixel has length
 * {@code m} and an output pixel length {@code n}, so every overlap is an integer weight and each output is
 * {@code sum(wx*wy*p) / (nx*ny)} exactly, rounded half up (all sums fit in an {@code int} because the crop
 * area is at most {@link ImageSpec#MAX_CROP_AREA}). Integer arithmetic makes the result identical on
 * every JVM and CPU, which is what lets {@code predict} reproduce training inputs bit for bit; it is the
 * same filter as OpenCV {@code INTER_AREA} / PIL {@code BOX} up to their floating-point rounding (on 500
 * CelebA images at 64x64 it matched OpenCV 4.5.5's {@code INTER_AREA} exactly; see the decode benchmark).
 * The two passes (vertical, then horizontal) use weight tables computed once per spec.
 *
 * <p>Immutable and thread-safe; each call allocates its own scratch.
 */
final class AreaResizer {

    private final CropBox crop;
    private final int size;
    private final Axis xAxis;
    private final Axis yAxis;
    private final int area;
    private final int twiceArea;
    private final double inverseTwiceArea;

    AreaResizer(CropBox crop, int size) {
        if (size > crop.width() || size > crop.height()) {
            throw new IllegalArgumentException("area filter only downsamples: " + crop + " -> " + size);
        }
        this.crop = crop;
        this.size = size;
        this.xAxis = new Axis(crop.width(), size);
        this.yAxis = new Axis(crop.height(), size);
        if ((long) crop.width() * crop.height() > ImageSpec.MAX_CROP_AREA) {
            throw new IllegalArgumentException("crop " + crop + " is larger than " + ImageSpec.MAX_CROP_AREA + " pixels");
        }
        this.area = crop.width() * crop.height();
        this.twiceArea = 2 * area;
        this.inverseTwiceArea = 1.0 / twiceArea;
    }

    /**
     * @param bgr    interleaved B,G,R bytes of an image {@code width} pixels wide, rows top to bottom
     * @param width  the image's width; the crop must lie inside the image
     * @return R plane, G plane, B plane, each {@code size x size}, rows top to bottom
     */
    byte[] resize(byte[] bgr, int width) {
        int s = size;
        int span = crop.width() * 3;
        // Vertical pass first: a contiguous multiply-add over whole cropped rows, which the JIT vectorizes.
        // columns[oy][j] = sum over covered rows of wy * sample j (j runs over the interleaved B,G,R of the crop).
        int[] columns = new int[s * span];
        for (int oy = 0; oy < s; oy++) {
            int base = oy * span;
            int src = ((crop.y() + yAxis.first[oy]) * width + crop.x()) * 3;
            for (int k = yAxis.offset[oy], end = yAxis.offset[oy + 1]; k < end; k++, src += width * 3) {
                int wk = yAxis.weight[k];
                for (int j = 0; j < span; j++) {
                    columns[base + j] += wk * (bgr[src + j] & 0xff);
                }
            }
        }
        // Horizontal pass: weighted sums of those column sums, one exact rounded division per output value.
        byte[] out = new byte[3 * s * s];
        int plane = s * s;
        int[] xFirst = xAxis.first;
        int[] xOffset = xAxis.offset;
        int[] xWeight = xAxis.weight;
        for (int oy = 0; oy < s; oy++) {
            int base = oy * span;
            for (int ox = 0; ox < s; ox++) {
                int b = 0;
                int g = 0;
                int r = 0;
                int p = base + xFirst[ox] * 3;
                for (int k = xOffset[ox], end = xOffset[ox + 1]; k < end; k++, p += 3) {
                    int wk = xWeight[k];
                    b += wk * columns[p];
                    g += wk * columns[p + 1];
                    r += wk * columns[p + 2];
                }
                int o = oy * s + ox;
                out[o] = roundedMean(r);
                out[plane + o] = roundedMean(g);
                out[2 * plane + o] = roundedMean(b);
            }
        }
        return out;
    }

    /**
     * {@code floor((2 * sum + area) / (2 * area))}, i.e. {@code sum / area} rounded half up, computed with a
     * floating-point reciprocal and then corrected to the exact integer quotient (division is slow).
     */
    private byte roundedMean(int sum) {
        int numerator = 2 * sum + area;
        int q = (int) (numerator * inverseTwiceArea);
        if ((long) (q + 1) * twiceArea <= numerator) {
            q++;
        } else if ((long) q * twiceArea > numerator) {
            q--;
        }
        return (byte) q;
    }

    /**
     * Integer overlap weights of each output pixel along one axis of {@code n} source pixels, flattened:
     * output {@code o} covers source pixels {@code first[o]...} with weights {@code weight[offset[o]..offset[o+1])}.
     */
    private static final class Axis {
        final int[] first;
        final int[] offset;
        final int[] weight;

        Axis(int n, int m) {
            first = new int[m];
            offset = new int[m + 1];
            int[] w = new int[m * (n / m + 2)];
            int count = 0;
            for (int o = 0; o < m; o++) {
                long lo = (long) o * n;           // output footprint [lo, hi) in units of 1/m source pixel
                long hi = lo + n;
                int from = (int) (lo / m);
                int to = (int) ((hi - 1) / m);
                first[o] = from;
                offset[o] = count;
                for (int j = from; j <= to; j++) {
                    w[count++] = (int) (Math.min(hi, (long) (j + 1) * m) - Math.max(lo, (long) j * m));
                }
            }
            offset[m] = count;
            weight = Arrays.copyOf(w, count);
        }
    }
}
