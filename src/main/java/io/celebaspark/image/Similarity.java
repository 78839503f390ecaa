package io.celebaspark.image;

/**
 * A similarity transform (rotation, uniform scale, translation; no shear, no mirroring), the transform that
 * keeps a face's proportions while moving it: {@code x' = a*x - b*y + tx}, {@code y' = b*x + a*y + ty}.
 * Two point pairs fix it, which is why two eye centres are enough to align a face.
 */
public record Similarity(double a, double b, double tx, double ty) {

    public Similarity {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(tx) || !Double.isFinite(ty)
                || a * a + b * b == 0) {
            throw new IllegalArgumentException("not an invertible similarity: a=" + a + " b=" + b);
        }
    }

    /** The transform taking {@code fromLeft} to {@code toLeft} and {@code fromRight} to {@code toRight}. */
    public static Similarity mapping(Point fromLeft, Point fromRight, Point toLeft, Point toRight) {
        double fx = fromRight.x() - fromLeft.x();
        double fy = fromRight.y() - fromLeft.y();
        double tx = toRight.x() - toLeft.x();
        double ty = toRight.y() - toLeft.y();
        double norm = fx * fx + fy * fy;
        if (norm == 0) {
            throw new IllegalArgumentException("the two source points coincide: " + fromLeft);
        }
        // (a + ib) = (t / f) as complex numbers
        double a = (tx * fx + ty * fy) / norm;
        double b = (ty * fx - tx * fy) / norm;
        return new Similarity(a, b, toLeft.x() - (a * fromLeft.x() - b * fromLeft.y()),
                toLeft.y() - (b * fromLeft.x() + a * fromLeft.y()));
    }

    /** Rotation by {@code radians} about the origin and scaling by {@code scale}, then the shift. */
    public static Similarity of(double scale, double radians, double shiftX, double shiftY) {
        return new Similarity(scale * Math.cos(radians), scale * Math.sin(radians), shiftX, shiftY);
    }

    public Point apply(Point p) {
        return new Point(a * p.x() - b * p.y() + tx, b * p.x() + a * p.y() + ty);
    }

    public Similarity inverse() {
        double n = a * a + b * b;
        double ia = a / n;
        double ib = -b / n;
        return new Similarity(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    /** This transform applied after {@code first}. */
    public Similarity after(Similarity first) {
        return new Similarity(a * first.a - b * first.b, b * first.a + a * first.b,
                a * first.tx - b * first.ty + tx, b * first.tx + a * first.ty + ty);
    }

    public double scale() {
        return Math.hypot(a, b);
    }

    public double rotationDegrees() {
        return Math.toDegrees(Math.atan2(b, a));
    }
}
