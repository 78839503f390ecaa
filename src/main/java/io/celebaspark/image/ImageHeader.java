package io.celebaspark.image;

import io.celebaspark.data.RejectReason;

/**
 * What the encoded bytes claim to be, read by walking the file's structure without decoding pixels.
 *
 * <p>This exists because decoders are lenient in exactly the cases a training set must not be: libjpeg
 * fills the missing part of a cut-short JPEG with gray and only prints a warning. Walking the structure
 * first classifies every bad file (empty, not an image, truncated, structurally corrupt, wrong size) before
 * any decoder runs, and lets a wrong-size image be rejected without paying for the decode.
 *
 * @param format     the container format, from its magic number
 * @param width      width in pixels from the header
 * @param height     height in pixels from the header
 * @param components colour components the file stores (JPEG: 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK; else 0)
 * @param plainJpeg  a JPEG whose colour space the JDK and libjpeg agree on and that the JDK decodes with no
 *                   colour handling of its own: Huffman-coded (baseline, extended or progressive; not
 *                   arithmetic, which the JDK's libjpeg refuses), no ICC profile (the JDK would convert colours
 *                   through it), no Adobe marker (the JDK and libjpeg read its transform flag differently), and
 *                   either gray or with a JFIF marker before the frame header (otherwise the JDK guesses the
 *                   colour space from the sampling factors and libjpeg from the component ids). Only such files
 *                   may take a faster decoder than the JDK's; always false for PNG and BMP.
 */
record ImageHeader(Format format, int width, int height, int components, boolean plainJpeg) {

    /** The formats accepted, each identified by its magic number. */
    enum Format { JPEG, PNG, BMP }

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static ImageHeader inspect(byte[] b) throws ImageRejectedException {
        if (b.length == 0) {
            throw new ImageRejectedException(RejectReason.ZERO_BYTE, "file is empty");
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return jpeg(b);
        }
        if (startsWith(b, PNG_MAGIC)) {
            return png(b);
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return bmp(b);
        }
        throw new ImageRejectedException(RejectReason.NOT_AN_IMAGE, allZero(b)
                ? "all " + b.length + " bytes are zero"
                : "no JPEG, PNG or BMP magic number; file starts with " + hex(b, Math.min(8, b.length)));
    }

    /**
     * Walks the JPEG marker segments and entropy-coded data up to EOI. Running out of bytes before EOI
     * means truncated; a marker that cannot occur in a valid stream means corrupt.
     */
    private static ImageHeader jpeg(byte[] b) throws ImageRejectedException {
        int n = b.length;
        int pos = 2;
        int width = -1;
        int height = -1;
        int components = 0;
        int frameMarker = 0;
        boolean jfif = false;
        boolean colourMarkers = false; // ICC profile or Adobe
        boolean inScan = false;
        while (true) {
            if (inScan) {
                // Entropy-coded data: FF00 is a stuffed byte, FFD0-FFD7 restart markers, FFFF fill.
                while (pos < n - 1 && !((b[pos] & 0xff) == 0xff && isMarkerAfterScan(b[pos + 1] & 0xff))) {
                    pos++;
                }
                if (pos >= n - 1) {
                    throw truncated(b, "JPEG ends inside the compressed data, before the end-of-image marker");
                }
                inScan = false;
            }
            if (pos >= n) {
                throw truncated(b, "JPEG ends before the end-of-image marker");
            }
            if ((b[pos] & 0xff) != 0xff) {
                throw undecodable("JPEG marker expected at byte " + pos + ", found 0x" + hex(b, pos, 1));
            }
            while (pos < n && (b[pos] & 0xff) == 0xff) {
                pos++; // fill bytes before a marker
            }
            if (pos >= n) {
                throw truncated(b, "JPEG ends before the end-of-image marker");
            }
            int marker = b[pos++] & 0xff;
            if (marker == 0xd9) {
                if (width < 0) {
                    throw undecodable("JPEG has no frame header (SOF) before its end");
                }
                boolean huffman = frameMarker == 0xc0 || frameMarker == 0xc1 || frameMarker == 0xc2;
                boolean plain = huffman && !colourMarkers && (components == 1 || jfif);
                return new ImageHeader(Format.JPEG, width, height, components, plain);
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                continue; // stand-alone markers: TEM, RSTn
            }
            if (marker == 0xd8 || marker == 0x00) {
                throw undecodable("JPEG has a misplaced marker 0xFF" + hex(new byte[]{(byte) marker}, 1)
                        + " at byte " + (pos - 1));
            }
            if (pos + 2 > n) {
                throw truncated(b, "JPEG ends inside a marker segment header");
            }
            int length = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            if (length < 2) {
                throw undecodable("JPEG segment 0xFF" + hex(new byte[]{(byte) marker}, 1) + " has length " + length);
            }
            if (pos + length > n) {
                throw truncated(b, "JPEG ends inside a marker segment");
            }
            if (isStartOfFrame(marker)) {
                if (width >= 0) {
                    throw undecodable("JPEG has a second frame header (SOF)");
                }
                if (length < 8) {
                    throw undecodable("JPEG frame header too short");
                }
                frameMarker = marker;
                int precision = b[pos + 2] & 0xff;
                height = ((b[pos + 3] & 0xff) << 8) | (b[pos + 4] & 0xff);
                width = ((b[pos + 5] & 0xff) << 8) | (b[pos + 6] & 0xff);
                components = b[pos + 7] & 0xff;
                if (precision != 8) {
                    throw undecodable(precision + "-bit JPEG: only 8-bit samples are supported");
                }
                if (width == 0 || height == 0) {
                    throw undecodable("JPEG frame header gives size " + width + "x" + height);
                }
                if (components != 1 && components != 3) {
                    throw undecodable(components + "-component JPEG (" + (components == 4 ? "CMYK/YCCK" : "unknown")
                            + " colour): only grayscale and RGB/YCbCr are supported, since converting CMYK needs its"
                            + " colour profile");
                }
            } else if (marker == 0xda) {
                if (width < 0) {
                    throw undecodable("JPEG scan (SOS) before the frame header (SOF)");
                }
                inScan = true;
            } else if (marker == 0xe0 && width < 0 && hasText(b, pos + 2, length - 2, "JFIF\0")) {
                jfif = true;
            } else if ((marker == 0xe2 && hasText(b, pos + 2, length - 2, "ICC_PROFILE\0"))
                    || (marker == 0xee && hasText(b, pos + 2, length - 2, "Adobe"))) {
                colourMarkers = true;
            }
            pos += length;
        }
    }

    /** Whether the {@code size} bytes of segment data at {@code from} start with the ASCII {@code text}. */
    private static boolean hasText(byte[] b, int from, int size, String text) {
        if (size < text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** After FF inside entropy-coded data, a byte other than 00, FF or RSTn is a real marker. */
    private static boolean isMarkerAfterScan(int next) {
        return next != 0x00 && next != 0xff && !(next >= 0xd0 && next <= 0xd7);
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    /** Walks the PNG chunks to IEND; the pixel data and CRCs are left to the decoder. */
    private static ImageHeader png(byte[] b) throws ImageRejectedException {
        int n = b.length;
        int pos = PNG_MAGIC.length;
        int width = -1;
        int height = -1;
        while (true) {
            if (pos + 8 > n) {
                throw truncated(b, "PNG ends before its IEND chunk");
            }
            long length = readIntBE(b, pos) & 0xffffffffL;
            String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (length > Integer.MAX_VALUE || pos + 12 + length > n) {
                throw truncated(b, "PNG ends inside its " + type + " chunk");
            }
            if (width < 0) {
                if (!type.equals("IHDR") || length < 13) {
                    throw undecodable("PNG does not start with an IHDR chunk");
                }
                width = readIntBE(b, pos + 8);
                height = readIntBE(b, pos + 12);
                if (width <= 0 || height <= 0) {
                    throw undecodable("PNG header gives size " + width + "x" + height);
                }
            }
            if (type.equals("IEND")) {
                return new ImageHeader(Format.PNG, width, height, 0, false);
            }
            pos += 12 + (int) length;
        }
    }

    /** Reads the BMP file and info headers; a file shorter than its declared size is truncated. */
    private static ImageHeader bmp(byte[] b) throws ImageRejectedException {
        if (b.length < 26) {
            throw truncated(b, "BMP ends inside its header");
        }
        long declared = readIntLE(b, 2) & 0xffffffffL;
        long dataOffset = readIntLE(b, 10) & 0xffffffffL;
        int infoSize = readIntLE(b, 14);
        int width;
        int height;
        if (infoSize == 12) {
            width = (b[18] & 0xff) | (b[19] & 0xff) << 8;
            height = (b[20] & 0xff) | (b[21] & 0xff) << 8;
        } else {
            width = readIntLE(b, 18);
            height = Math.abs(readIntLE(b, 22));
        }
        if (declared > b.length || dataOffset >= b.length) {
            throw truncated(b, "BMP declares " + declared + " bytes with pixels at " + dataOffset);
        }
        if (width <= 0 || height <= 0) {
            throw undecodable("BMP header gives size " + width + "x" + height);
        }
        return new ImageHeader(Format.BMP, width, height, 0, false);
    }

    private static ImageRejectedException truncated(byte[] b, String detail) {
        return new ImageRejectedException(RejectReason.TRUNCATED, detail + " (file is " + b.length + " bytes)");
    }

    private static ImageRejectedException undecodable(String detail) {
        return new ImageRejectedException(RejectReason.UNDECODABLE, detail);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static int readIntBE(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    private static int readIntLE(byte[] b, int p) {
        return (b[p + 3] & 0xff) << 24 | (b[p + 2] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | (b[p] & 0xff);
    }

    private static String hex(byte[] b, int count) {
        return hex(b, 0, count);
    }

    private static String hex(byte[] b, int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(String.format("%02X", b[i] & 0xff));
        }
        return sb.toString();
    }
}
