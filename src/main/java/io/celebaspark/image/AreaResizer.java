package io.celebaspark.image;

import java.util.Arrays;

/**
 * Crops an interleaved BGR image and shrinks it with an exact area (box) filter into RGB CHW bytes.
 *
 * <p>Each output pixel is the area-weighted mean of the source pixels its footprint covers, computed in
 * integers: along an axis of {@code n} source pixels and {@code m} output pixels, a source pixel has length
 * {@code m} and an output pixel length {@code n}, so every overlap is an integer weight and each output is
 * {@code sum(wx*wy*p) / (nx*ny)} exactly, rounded half up. Integer arithmetic makes the result identical on
 * every JVM and CPU, which is what lets {@code predict} reproduce training inputs bit for bit; it is the
 * same filter as OpenCV {@code INTER_AREA} / PIL {@code BOX} up to their floating-point rounding.
 * The two passes (horizontal, then vertical) use weight tables computed once per spec.
 *
 * <p>Immutable and thread-safe; each call allocates its own scratch.
 */
final class AreaResizer {

    private final CropBox crop;
    private final int size;
    private final Axis xAxis;
    private final Axis yAxis;
    private final long denominator;

    AreaResizer(CropBox crop, int size) {
        if (size > crop.width() || size > crop.height()) {
            throw new IllegalArgumentException("area filter only downsamples: " + crop + " -> " + size);
        }
        this.crop = crop;
        this.size = size;
        this.xAxis = new Axis(crop.width(), size);
        this.yAxis = new Axis(crop.height(), size);
        this.denominator = (long) crop.width() * crop.height();
    }

    /**
     * @param bgr    interleaved B,G,R bytes of an image {@code width} pixels wide, rows top to bottom
     * @param width  the image's width; the crop must lie inside the image
     * @return R plane, G plane, B plane, each {@code size x size}, rows top to bottom
     */
    byte[] resize(byte[] bgr, int width) {
        int s = size;
        int ch = crop.height();
        // Horizontal pass: for each cropped row and channel, s integer sums (at most 255 * crop width).
        int[] rows = new int[3 * ch * s];
        int[] xFirst = xAxis.first;
        int[] xOffset = xAxis.offset;
        int[] xWeight = xAxis.weight;
        for (int r = 0; r < ch; r++) {
            int rowBase = ((crop.y() + r) * width + crop.x()) * 3;
            int red = r * s;
            int green = (ch + r) * s;
            int blue = (2 * ch + r) * s;
            for (int o = 0; o < s; o++) {
                int b = 0;
                int g = 0;
                int rr = 0;
                int p = rowBase + xFirst[o] * 3;
                for (int k = xOffset[o], end = xOffset[o + 1]; k < end; k++, p += 3) {
                    int wk = xWeight[k];
                    b += wk * (bgr[p] & 0xff);
                    g += wk * (bgr[p + 1] & 0xff);
                    rr += wk * (bgr[p + 2] & 0xff);
                }
                rows[red + o] = rr;
                rows[green + o] = g;
                rows[blue + o] = b;
            }
        }
        // Vertical pass: weighted sum of row sums, then one exact rounded division per output value.
        byte[] out = new byte[3 * s * s];
        long[] acc = new long[s];
        long d = denominator;
        for (int c = 0; c < 3; c++) {
            int plane = c * ch;
            for (int oy = 0; oy < s; oy++) {
                Arrays.fill(acc, 0L);
                int row = plane + yAxis.first[oy];
                for (int k = yAxis.offset[oy], end = yAxis.offset[oy + 1]; k < end; k++, row++) {
                    long wk = yAxis.weight[k];
                    int base = row * s;
                    for (int o = 0; o < s; o++) {
                        acc[o] += wk * rows[base + o];
                    }
                }
                int outBase = (c * s + oy) * s;
                for (int o = 0; o < s; o++) {
                    out[outBase + o] = (byte) ((2 * acc[o] + d) / (2 * d));
                }
            }
        }
        return out;
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
