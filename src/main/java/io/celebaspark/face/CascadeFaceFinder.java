package io.celebaspark.face;

import io.celebaspark.image.BgrImage;
import io.celebaspark.image.Point;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Faces and eyes by OpenCV 4.5.5's Haar cascades, the ones shipped in the bytedeco OpenCV jar that DL4J
 * already brings: {@code haarcascade_frontalface_alt2} for faces, then {@code haarcascade_eye}
 * (on CelebA crops it found eyes three times as often as {@code eye_tree_eyeglasses}) inside the upper part of each face box. Photos are
 * searched at most {@value #DETECT_SIDE} px on their longer side, which keeps a 12-megapixel photo fast.
 *
 * <p>When the eye detector does not find one eye in each half of the face, both eyes are estimated from
 * the box ({@link #eyesFromBox}), with fractions measured on CelebA's aligned crops (see {@code
 * CascadeFaceFinderSampleTest}).
 *
 * <p>Not thread-safe (OpenCV's cascades keep per-call state): one caller at a time, which serve guarantees
 * by running inference on one thread.
 */
public final class CascadeFaceFinder implements AutoCloseable {
    /** Longer side of the image the detectors search, in pixels. */
    static final int DETECT_SIDE = 640;
    /** Smallest face searched for, as a fraction of the searched image's shorter side. */
    static final double MIN_FACE_FRACTION = 0.08;
    /** Eye centres relative to the face box of {@code frontalface_alt2} on CelebA's aligned crops. */
    static final double EYE_LEFT_X = 0.32;
    static final double EYE_RIGHT_X = 0.70;
    static final double EYE_Y = 0.37;

    private static final String CASCADES = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/";
    private final CascadeClassifier faces;
    private final CascadeClassifier eyes;

    private CascadeFaceFinder(CascadeClassifier faces, CascadeClassifier eyes) {
        this.faces = faces;
        this.eyes = eyes;
    }

    /**
     * Loads both cascades. OpenCV reads them from files, so each is copied from the jar into a new temporary
     * folder, which is deleted as soon as they are loaded: nothing is left behind.
     */
    public static CascadeFaceFinder load() {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("celeba-cascades-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for OpenCV's cascades", e);
        }
        try {
            return new CascadeFaceFinder(cascade(scratch, "haarcascade_frontalface_alt2.xml"),
                    cascade(scratch, "haarcascade_eye.xml"));
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                scratch.toFile().deleteOnExit();
            }
        }
    }

    private static CascadeClassifier cascade(Path scratch, String name) {
        try (InputStream in = CascadeFaceFinder.class.getResourceAsStream(CASCADES + name)) {
            if (in == null) {
                throw new IllegalStateException("OpenCV's " + name + " is not on the classpath (" + CASCADES
                        + "): the bytedeco opencv natives jar for " + Loader.getPlatform() + " is missing");
            }
            Path file = Files.createTempFile(scratch, "cascade-", ".xml");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                CascadeClassifier c = new CascadeClassifier(file.toString());
                if (c.empty()) {
                    throw new IllegalStateException("OpenCV could not load its cascade " + name);
                }
                return c;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy OpenCV's cascade " + name + " to " + scratch, e);
        }
    }

    /** The faces in {@code photo}, left to right, at most {@code maxFaces} (the largest ones). */
    public List<FoundFace> find(BgrImage photo, int maxFaces) {
        double shrink = Math.min(1.0, (double) DETECT_SIDE / Math.max(photo.width(), photo.height()));
        List<FoundFace> found = new ArrayList<>();
        try (BytePointer pixels = new BytePointer(photo.bgr());
             Mat bgr = new Mat(photo.height(), photo.width(), CV_8UC3, pixels);
             Mat full = new Mat();
             Mat gray = new Mat();
             RectVector boxes = new RectVector()) {
            cvtColor(bgr, full, COLOR_BGR2GRAY);
            if (shrink < 1.0) {
                resize(full, gray, new Size((int) Math.round(photo.width() * shrink),
                        (int) Math.round(photo.height() * shrink)), 0, 0, INTER_AREA);
            } else {
                full.copyTo(gray);
            }
            equalizeHist(gray, gray);
            int minFace = Math.max(20, (int) (MIN_FACE_FRACTION * Math.min(gray.cols(), gray.rows())));
            faces.detectMultiScale(gray, boxes, 1.1, 4, 0, new Size(minFace, minFace), new Size());
            List<FaceBox> rects = new ArrayList<>();
            for (long i = 0; i < boxes.size(); i++) {
                Rect r = boxes.get(i);
                rects.add(new FaceBox(r.x(), r.y(), r.width(), r.height()));
            }
            rects.sort(Comparator.comparingInt((FaceBox r) -> -r.width() * r.height()));
            for (FaceBox r : rects.subList(0, Math.min(maxFaces, rects.size()))) {
                found.add(withEyes(gray, r, shrink));
            }
        }
        found.sort(Comparator.comparingInt(f -> f.box().x()));
        return found;
    }

    /** {@code face} is in the searched (possibly shrunk) image; the result is in the photo's pixels. */
    private FoundFace withEyes(Mat gray, FaceBox face, double shrink) {
        double k = 1 / shrink;
        FaceBox box = new FaceBox((int) Math.round(face.x() * k), (int) Math.round(face.y() * k),
                (int) Math.round(face.width() * k), (int) Math.round(face.height() * k));
        int top = face.y() + face.height() / 6;
        int height = face.height() / 2;
        Rect upper = new Rect(face.x(), top, face.width(), height);
        FaceBox bestLeft = null;
        FaceBox bestRight = null;
        try (Mat roi = new Mat(gray, upper); RectVector found = new RectVector()) {
            int minEye = Math.max(5, face.width() / 12);
            eyes.detectMultiScale(roi, found, 1.05, 3, 0, new Size(minEye, minEye), new Size(face.width() / 2, face.width() / 2));
            for (long i = 0; i < found.size(); i++) {
                // copied out: a Rect of the vector points into native memory freed with it
                Rect r = found.get(i);
                FaceBox e = new FaceBox(r.x(), r.y(), r.width(), r.height());
                boolean onLeft = e.x() + e.width() / 2 < face.width() / 2;
                if (onLeft && (bestLeft == null || e.width() > bestLeft.width())) {
                    bestLeft = e;
                } else if (!onLeft && (bestRight == null || e.width() > bestRight.width())) {
                    bestRight = e;
                }
            }
        }
        if (bestLeft != null && bestRight != null) {
            Point left = new Point((face.x() + bestLeft.x() + bestLeft.width() / 2.0) * k,
                    (top + bestLeft.y() + bestLeft.height() / 2.0) * k);
            Point right = new Point((face.x() + bestRight.x() + bestRight.width() / 2.0) * k,
                    (top + bestRight.y() + bestRight.height() / 2.0) * k);
            if (plausible(left, right, box)) {
                return new FoundFace(box, left, right, true);
            }
        }
        Point[] estimated = eyesFromBox(box);
        return new FoundFace(box, estimated[0], estimated[1], false);
    }

    /** Eyes between a quarter and two thirds of the box apart, roughly level: anything else is a false eye. */
    private static boolean plausible(Point left, Point right, FaceBox box) {
        double dx = right.x() - left.x();
        double dy = Math.abs(right.y() - left.y());
        return dx > 0.25 * box.width() && dx < 0.66 * box.width() && dy < 0.5 * dx;
    }

    /** Where a frontal face's eyes usually are in a {@code frontalface_alt2} box. */
    static Point[] eyesFromBox(FaceBox box) {
        return new Point[]{
                new Point(box.x() + EYE_LEFT_X * box.width(), box.y() + EYE_Y * box.height()),
                new Point(box.x() + EYE_RIGHT_X * box.width(), box.y() + EYE_Y * box.height())};
    }

    @Override
    public void close() {
        faces.close();
        eyes.close();
    }
}
