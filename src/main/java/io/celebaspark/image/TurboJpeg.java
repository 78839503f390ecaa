package io.celebaspark.image;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.lang.ref.Cleaner;

/**
 * JPEG decoding by the system's libjpeg-turbo through its TurboJPEG API ({@value #LIBRARY}, Debian package
 * {@code libturbojpeg0}), called through JNA direct mapping.
 *
 * <p>Why: decoding is most of {@link FacePreprocessor#toChw}'s time, and libjpeg-turbo's SIMD decoder takes
 * about half the time of the JDK's libjpeg 6b on CelebA's files. It is used because, and only where, its output
 * is the JDK's to the bit: with TurboJPEG's defaults (accurate integer "ISLOW" IDCT and fancy upsampling; never
 * {@code TJFLAG_FASTDCT} or {@code TJFLAG_FASTUPSAMPLE}) libjpeg-turbo keeps libjpeg 6b's arithmetic, and its
 * SIMD code is bit-exact with its C code. {@code FacePreprocessorTurboIdentityTest} checks this on the CelebA
 * sample (all 5,340 files agreed; the test keeps the first 1,000) and on synthetic files (baseline, progressive and with restart intervals; gray, 4:4:4,
 * 4:2:2, 4:2:0, 4:4:0 and 4:1:1; quality 30 to 100). Only those kinds take this path: files the JDK reads with
 * colour handling of its own are excluded by {@link ImageHeader#plainJpeg()}, and any other subsampling or
 * colour space TurboJPEG reports (it names no others) goes to the JDK.
 *
 * <p>The decoder never decides whether a file is bad: any error or warning (it stops at the first, see
 * {@code TJFLAG_STOPONWARNING}) just makes {@link #decodeBgr} return null, and the caller decodes the file
 * with ImageIO, whose verdict and message are then exactly those it always gave. Bad files are rare, so
 * decoding them twice costs nothing measurable.
 *
 * <p>Each thread keeps one TurboJPEG handle and one native output buffer, reused for every image and freed
 * when the thread's state is collected. When the library (or JNA) cannot be loaded, {@link #available()} is
 * false and everything stays on ImageIO, with the same pixels.
 */
final class TurboJpeg {

    static final String LIBRARY = "libturbojpeg.so.0";

    /** turbojpeg.h constants of the TurboJPEG 2.x API, which libjpeg-turbo 3.x keeps under the same soname. */
    private static final int TJPF_BGR = 1;
    private static final int TJCS_YCbCr = 1;
    private static final int TJCS_GRAY = 2;
    private static final int TJSAMP_444 = 0;
    private static final int TJSAMP_422 = 1;
    private static final int TJSAMP_420 = 2;
    private static final int TJSAMP_GRAY = 3;
    private static final int TJSAMP_440 = 4;
    private static final int TJSAMP_411 = 5;
    private static final int TJFLAG_STOPONWARNING = 8192;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<Decompressor> DECOMPRESSOR = ThreadLocal.withInitial(Decompressor::new);

    private TurboJpeg() {
    }

    /** Whether libturbojpeg was loaded; the first call loads it. */
    static boolean available() {
        return Loaded.OK;
    }

    /**
     * Decodes a JPEG into interleaved B,G,R bytes, {@code width * height * 3}. The returned array belongs to the
     * calling thread and is overwritten by its next call.
     *
     * @param header the file's {@link ImageHeader}
     * @return the pixels, or null when the file must go to ImageIO instead: the library is not loaded, a kind
     *         of JPEG not proven identical, or any decoder error or warning
     */
    static byte[] decodeBgr(byte[] jpeg, ImageHeader header) {
        if (!header.plainJpeg() || !available()) {
            return null;
        }
        Decompressor d = DECOMPRESSOR.get();
        NativeLong size = new NativeLong(jpeg.length);
        int[] width = new int[1];
        int[] height = new int[1];
        int[] subsampling = new int[1];
        int[] colourSpace = new int[1];
        if (Lib.tjDecompressHeader3(d.handle, jpeg, size, width, height, subsampling, colourSpace) != 0
                || width[0] != header.width() || height[0] != header.height()
                || !identicalToLibjpeg6b(subsampling[0], colourSpace[0])) {
            return null;
        }
        int rowBytes = width[0] * 3;
        int length = rowBytes * height[0];
        Memory out = d.output(length);
        if (Lib.tjDecompress2(d.handle, jpeg, size, out, width[0], rowBytes, height[0], TJPF_BGR,
                TJFLAG_STOPONWARNING) != 0) {
            return null;
        }
        byte[] bgr = d.pixels(length);
        out.read(0, bgr, 0, length);
        return bgr;
    }

    /** The kinds proven pixel-identical to the JDK's libjpeg 6b (see the class comment). */
    private static boolean identicalToLibjpeg6b(int subsampling, int colourSpace) {
        return switch (colourSpace) {
            case TJCS_GRAY -> subsampling == TJSAMP_GRAY;
            case TJCS_YCbCr -> subsampling == TJSAMP_444 || subsampling == TJSAMP_422 || subsampling == TJSAMP_420
                    || subsampling == TJSAMP_440 || subsampling == TJSAMP_411;
            default -> false;
        };
    }

    /** For the manifest. */
    static String description() {
        return "libjpeg-turbo (" + LIBRARY + " via JNA; ISLOW IDCT, fancy upsampling: bit-exact with libjpeg 6b)";
    }

    /** One thread's TurboJPEG handle and buffers. */
    private static final class Decompressor {
        final Pointer handle;
        private Memory output;
        private byte[] pixels;

        Decompressor() {
            handle = Lib.tjInitDecompress();
            if (handle == null) {
                throw new IllegalStateException("tjInitDecompress failed");
            }
            long peer = Pointer.nativeValue(handle);
            CLEANER.register(this, () -> Lib.tjDestroy(new Pointer(peer)));
        }

        Memory output(int length) {
            if (output == null || output.size() < length) {
                output = new Memory(length);
            }
            return output;
        }

        byte[] pixels(int length) {
            if (pixels == null || pixels.length != length) {
                pixels = new byte[length];
            }
            return pixels;
        }
    }

    /** Loads the library once, on first use; a missing library or JNA leaves {@link #OK} false. */
    private static final class Loaded {
        static final boolean OK = load();

        private static boolean load() {
            try {
                Native.register(Lib.class, NativeLibrary.getInstance(LIBRARY));
                return true;
            } catch (LinkageError | RuntimeException e) {
                return false;
            }
        }
    }

    /** The TurboJPEG 2.x functions used, bound by {@link Native#register} (direct mapping). */
    private static final class Lib {
        static native Pointer tjInitDecompress();

        static native int tjDecompressHeader3(Pointer handle, byte[] jpegBuf, NativeLong jpegSize, int[] width,
                                              int[] height, int[] jpegSubsamp, int[] jpegColorspace);

        static native int tjDecompress2(Pointer handle, byte[] jpegBuf, NativeLong jpegSize, Pointer dstBuf,
                                        int width, int pitch, int height, int pixelFormat, int flags);

        static native int tjDestroy(Pointer handle);
    }
}
