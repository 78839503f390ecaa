package io.celebaspark.synth;

import io.celebaspark.image.EyeTemplate;
import io.celebaspark.image.Point;
import io.celebaspark.synth.FaceTraits.Beard;
import io.celebaspark.synth.FaceTraits.Glasses;
import io.celebaspark.synth.FaceTraits.HairStyle;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Draws one synthetic aligned face, 178×218 like CelebA's {@code img_align_celeba}, from a {@link FaceSpec}.
 * The face is placed where CelebA's alignment puts it (eyes on row ~110, centred, face ~100 px wide) so
 * that the project's fixed crop and resize see what they would see on real data; then pose, light, noise,
 * blur and background clutter make the labelled attributes something a network has to learn rather than
 * read off one pixel.
 *
 * <p>Drawing happens in a face frame whose origin is the midpoint between the eyes, x to the right and y
 * down, in pixels at scale 1; one affine transform maps it into the image. The output depends only on the
 * spec (its {@code renderSeed} drives the random texture), so rendering is reproducible and thread-safe.
 */
public final class FaceRenderer {

    /** CelebA aligned image width. */
    public static final int WIDTH = 178;
    /** CelebA aligned image height. */
    public static final int HEIGHT = 218;
    private static final double EYE_X = EyeTemplate.MIDPOINT.x();
    private static final double EYE_Y = EyeTemplate.MIDPOINT.y();
    private static final double EYE_DX = EyeTemplate.HALF_DISTANCE;
    private static final double MOUTH_Y = 42;
    /** Extra noise samples beyond one image's worth, so that each image can start at its own offset. */
    private static final int NOISE_SLACK = 8192;
    /**
     * Triangular noise (sum of two uniform bytes minus 255, standard deviation ~104), fixed once: drawing
     * three random numbers per pixel per image was a large share of the rendering time; each image reads it
     * from its own random offset.
     */
    private static final short[] NOISE = noiseTable(3 * WIDTH * HEIGHT + NOISE_SLACK);

    private FaceRenderer() {
    }

    /**
     * Where {@link #render} puts the eye centres of {@code s}: {@link EyeTemplate#CELEBA} moved by the spec's
     * pose (rotation and scale about the eye midpoint, then the shift), image left eye first. Lets tests of
     * face alignment know the true answer.
     */
    public static Point[] eyes(FaceSpec s) {
        AffineTransform frame = frame(s);
        Point[] eyes = new Point[2];
        for (int side = -1, i = 0; side <= 1; side += 2, i++) {
            Point2D p = frame.transform(new Point2D.Double(side * EYE_DX, 0), null);
            eyes[i] = new Point(p.getX(), p.getY());
        }
        return eyes;
    }

    private static AffineTransform frame(FaceSpec s) {
        AffineTransform frame = new AffineTransform();
        frame.translate(EYE_X + s.dx(), EYE_Y + s.dy());
        frame.rotate(s.angle());
        frame.scale(s.scale(), s.scale());
        return frame;
    }

    /** Renders the face described by {@code s} into a new {@code TYPE_3BYTE_BGR} image. */
    public static BufferedImage render(FaceSpec s) {
        // 3-byte BGR is what the JPEG encoder consumes without a per-pixel conversion
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        SplittableRandom r = new SplittableRandom(s.renderSeed());
        background(g, s, r); // aliased on purpose: clutter needs no smooth edges, and it is cheaper
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.transform(frame(s));
        FaceTraits t = s.traits();
        Shape face = faceShape(t);
        body(g, s);
        hairBack(g, t, r);
        ears(g, s);
        skin(g, s, face);
        facialHair(g, s, face, r);
        eyes(g, s);
        nose(g, t);
        mouth(g, s);
        if (t.beard() == Beard.MUSTACHE || t.beard() == Beard.FULL) {
            mustache(g, s);
        }
        if (s.hat()) {
            hat(g, s, r);
        } else {
            hairFront(g, t, r);
        }
        if (s.eyeglasses()) {
            glasses(g, t);
        }
        g.dispose();
        if (s.blurRadius() > 0) {
            blur(img, s.blurRadius());
        }
        lightAndNoise(img, s, r);
        return img;
    }

    private static void background(Graphics2D g, FaceSpec s, SplittableRandom r) {
        g.setPaint(new GradientPaint((float) r.nextDouble(0, WIDTH), 0, new Color(s.background1()),
                (float) r.nextDouble(0, WIDTH), HEIGHT, new Color(s.background2())));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int blobs = r.nextInt(0, 9);
        for (int i = 0; i < blobs; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(40, 200)));
            double x = r.nextDouble(-30, WIDTH);
            double y = r.nextDouble(-30, HEIGHT);
            double w = r.nextDouble(10, 90);
            double h = r.nextDouble(10, 90);
            switch (r.nextInt(3)) {
                case 0 -> g.fill(new Ellipse2D.Double(x, y, w, h));
                case 1 -> g.fill(new Rectangle2D.Double(x, y, w, h));
                default -> {
                    g.setStroke(new BasicStroke((float) r.nextDouble(1, 6)));
                    g.draw(new QuadCurve2D.Double(x, y, x + r.nextDouble(-60, 60), y + r.nextDouble(-60, 60),
                            x + w, y + h));
                }
            }
        }
    }

    private static Shape faceShape(FaceTraits t) {
        double hw = t.faceHalfWidth();
        double jw = hw * t.jawRatio();
        double chinY = 74;
        double cw = jw * 0.42;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -72);
        p.curveTo(hw * 0.62, -72, hw, -52, hw, -15);
        p.curveTo(hw, 20, jw + 5, 40, jw, 54);
        p.curveTo(jw - 6, 66, cw, chinY, 0, chinY);
        p.curveTo(-cw, chinY, -jw + 6, 66, -jw, 54);
        p.curveTo(-jw - 5, 40, -hw, 20, -hw, -15);
        p.curveTo(-hw, -52, -hw * 0.62, -72, 0, -72);
        p.closePath();
        return p;
    }

    private static void body(Graphics2D g, FaceSpec s) {
        FaceTraits t = s.traits();
        double hw = t.faceHalfWidth();
        g.setColor(new Color(shade(t.skinRgb(), 0.82)));
        g.fill(new Rectangle2D.Double(-hw * 0.52, 30, hw * 1.04, 90));
        Path2D.Double shoulders = new Path2D.Double();
        shoulders.moveTo(-140, 160);
        shoulders.curveTo(-130, 100, -hw - 10, 95, -hw * 0.5, 88);
        shoulders.quadTo(0, 104, hw * 0.5, 88);
        shoulders.curveTo(hw + 10, 95, 130, 100, 140, 160);
        shoulders.closePath();
        g.setColor(new Color(t.clothingRgb()));
        g.fill(shoulders);
        if (s.necktie()) {
            g.setColor(Color.WHITE);
            g.fill(polygon(-hw * 0.5, 88, 0, 104, -6, 112, -hw * 0.6, 100));
            g.fill(polygon(hw * 0.5, 88, 0, 104, 6, 112, hw * 0.6, 100));
            g.setColor(new Color(FacePlanner.lerp(t.clothingRgb() ^ 0xFFFFFF, s.hatRgb(), 0.5)));
            g.fill(polygon(-4, 99, 4, 99, 7, 130, -7, 130));
        }
        if (s.necklace()) {
            g.setStroke(new BasicStroke(1.8f));
            g.setColor(new Color((s.renderSeed() & 1) == 0 ? 0xD8B050 : 0xD0D0D8));
            g.draw(new QuadCurve2D.Double(-hw * 0.5, 66, 0, 102, hw * 0.5, 66));
        }
    }

    private static void hairBack(Graphics2D g, FaceTraits t, SplittableRandom r) {
        double hw = t.faceHalfWidth();
        HairStyle hs = t.hairStyle();
        if (hs == HairStyle.BALD) {
            return;
        }
        g.setColor(new Color(t.hairRgb()));
        if (hs == HairStyle.SHORT) {
            g.fill(new Ellipse2D.Double(-hw - 5, -82, 2 * hw + 10, 120));
            return;
        }
        double bottom = hs == HairStyle.MEDIUM_WAVY ? 50 : 118;
        double wide = hw + (hs == HairStyle.LONG_STRAIGHT ? 12 : 18);
        double amp = hs == HairStyle.LONG_STRAIGHT ? 0 : 4.5;
        double phase = r.nextDouble(0, 2 * Math.PI);
        Path2D.Double p = new Path2D.Double();
        p.moveTo(-wide, -15);
        p.curveTo(-wide, -75, -hw * 0.6, -92, 0, -92);
        p.curveTo(hw * 0.6, -92, wide, -75, wide, -15);
        for (double y = -15; y <= bottom; y += 6) {
            p.lineTo(wide + amp * Math.sin(y / 7 + phase), y);
        }
        p.lineTo(0, bottom + 6);
        for (double y = bottom; y >= -15; y -= 6) {
            p.lineTo(-wide - amp * Math.sin(y / 7 + phase + 1), y);
        }
        p.closePath();
        aliased(g, () -> g.fill(p)); // a large, many-sided shape: antialiasing it cost as much as the face
        Path2D.Double lines = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double u = r.nextDouble(-0.85, 0.85);
            double x = u * (wide - amp - 2);
            lines.moveTo(x, -15 - 70 * Math.sqrt(1 - u * u));
            lines.lineTo(x + r.nextDouble(-4, 4), 20);
            lines.lineTo(x + r.nextDouble(-3, 3), bottom - 2);
        }
        strands(g, t, lines);
    }

    /**
     * Darker hair strands for texture. The callers build strands that stay inside the hair by construction:
     * clipping to the hair shape instead was a large share of the rendering time. Drawn aliased: long
     * antialiased strokes cost more than the rest of the face together.
     */
    private static void strands(Graphics2D g, FaceTraits t, Path2D lines) {
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(shade(t.hairRgb(), 0.6) | 90 << 24, true));
        aliased(g, () -> g.draw(lines));
    }

    private static void aliased(Graphics2D g, Runnable drawing) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        drawing.run();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    }

    private static void ears(Graphics2D g, FaceSpec s) {
        FaceTraits t = s.traits();
        double hw = t.faceHalfWidth();
        for (int side = -1; side <= 1; side += 2) {
            double cx = side * (hw - 1);
            g.setColor(new Color(shade(t.skinRgb(), 0.9)));
            g.fill(new Ellipse2D.Double(cx - 7, -8, 14, 28));
            if (s.earrings()) {
                g.setColor(new Color(((s.renderSeed() >> 3) & 1) == 0 ? 0xE0C060 : 0xE8E8F0));
                g.setStroke(new BasicStroke(1.6f));
                g.draw(new Ellipse2D.Double(cx + side * 1.5 - 3, 20, 6, 7));
            }
        }
    }

    private static void skin(Graphics2D g, FaceSpec s, Shape face) {
        FaceTraits t = s.traits();
        double hw = t.faceHalfWidth();
        // shading by nested, lighter copies of the outline: cheaper than a gradient paint clipped to the face
        g.setColor(new Color(shade(t.skinRgb(), 0.8)));
        g.fill(face);
        double[] scales = {0.94, 0.86};
        double[] light = {0.9, 1.0};
        for (int k = 0; k < scales.length; k++) {
            AffineTransform inset = AffineTransform.getTranslateInstance(0, 6 * (1 - scales[k]));
            inset.scale(scales[k], scales[k]);
            g.setColor(new Color(shade(t.skinRgb(), light[k])));
            Shape inner = inset.createTransformedShape(face);
            aliased(g, () -> g.fill(inner));
        }
        if (s.rosyCheeks() || s.heavyMakeup()) {
            for (int side = -1; side <= 1; side += 2) {
                g.setPaint(new RadialGradientPaint(new Point2D.Double(side * hw * 0.55, 22), 13f,
                        new float[]{0f, 1f}, new Color[]{new Color(235, 80, 90, s.rosyCheeks() ? 120 : 60),
                        new Color(235, 80, 90, 0)}));
                g.fill(new Ellipse2D.Double(side * hw * 0.55 - 13, 9, 26, 26));
            }
        }
        if (s.highCheekbones()) {
            g.setStroke(new BasicStroke(2f));
            g.setColor(new Color(0, 0, 0, 22));
            for (int side = -1; side <= 1; side += 2) {
                g.draw(new QuadCurve2D.Double(side * hw * 0.85, 8, side * hw * 0.6, 24, side * hw * 0.35, 26));
            }
        }
        if (!t.young()) {
            g.setStroke(new BasicStroke(1f));
            g.setColor(new Color(0, 0, 0, 45));
            for (int i = 0; i < 3; i++) {
                double y = -34 - i * 6;
                g.draw(new QuadCurve2D.Double(-18, y, 0, y - 3, 18, y));
            }
        }
        if (t.doubleChin()) {
            g.setStroke(new BasicStroke(1.5f));
            g.setColor(new Color(shade(t.skinRgb(), 0.75)));
            g.draw(new QuadCurve2D.Double(-16, 76, 0, 86, 16, 76));
        }
    }

    private static void facialHair(Graphics2D g, FaceSpec s, Shape face, SplittableRandom r) {
        FaceTraits t = s.traits();
        double hw = t.faceHalfWidth();
        if (t.beard() == Beard.NONE && !t.sideburns()) {
            return;
        }
        int hair = shade(t.hairRgb(), 0.8);
        Shape old = g.getClip();
        g.clip(face);
        switch (t.beard()) {
            case STUBBLE -> {
                Area jaw = beardArea(hw);
                g.setColor(new Color(hair & 0xFFFFFF | 0x40 << 24, true));
                g.fill(jaw);
                Path2D.Double dots = new Path2D.Double();
                for (int i = 0; i < 260; i++) {
                    double x = r.nextDouble(-hw, hw);
                    double y = r.nextDouble(28, 76);
                    if (jaw.contains(x, y)) {
                        dots.append(new Rectangle2D.Double(x, y, 1.1, 1.1), false);
                    }
                }
                g.setColor(new Color(hair & 0xFFFFFF | 0x90 << 24, true));
                g.fill(dots);
            }
            case GOATEE -> {
                g.setColor(new Color(hair));
                Area goatee = new Area(new Ellipse2D.Double(-13, MOUTH_Y + 4, 26, 34));
                goatee.subtract(new Area(new Ellipse2D.Double(-12, MOUTH_Y - 6, 24, 14)));
                g.fill(goatee);
            }
            case FULL -> {
                g.setColor(new Color(hair));
                g.fill(beardArea(hw));
            }
            default -> {
            }
        }
        if (t.sideburns()) {
            g.setColor(new Color(t.hairRgb()));
            g.fill(new RoundRectangle2D.Double(-hw, -14, 8, 38, 6, 12));
            g.fill(new RoundRectangle2D.Double(hw - 8, -14, 8, 38, 6, 12));
        }
        g.setClip(old);
    }

    /** Cheeks below the cheekbones, jaw and chin, without the lips: where a beard or stubble grows. */
    private static Area beardArea(double hw) {
        Area beard = new Area(new Rectangle2D.Double(-hw - 2, 18, 2 * hw + 4, 70));
        beard.subtract(new Area(new Ellipse2D.Double(-hw * 0.62, -10, hw * 1.24, 48)));
        beard.add(new Area(new Rectangle2D.Double(-hw, 44, 2 * hw, 40)));
        beard.subtract(new Area(new Ellipse2D.Double(-12, MOUTH_Y - 6, 24, 13)));
        return beard;
    }

    private static void eyes(Graphics2D g, FaceSpec s) {
        FaceTraits t = s.traits();
        double open = (t.narrowEyes() ? 2.6 : 3.9) * (1 - 0.3 * Math.max(0, s.smile()));
        int brow = t.hairColour() == FaceTraits.HairColour.BLOND || t.hairColour() == FaceTraits.HairColour.GRAY
                ? shade(t.hairRgb(), 0.6) : shade(t.hairRgb(), 0.9);
        for (int side = -1; side <= 1; side += 2) {
            double cx = side * EYE_DX;
            if (s.heavyMakeup()) {
                g.setColor(new Color(110, 70, 120, 90));
                g.fill(new Ellipse2D.Double(cx - 10, -9, 20, 10));
            }
            Ellipse2D eye = new Ellipse2D.Double(cx - 8.5, -open, 17, 2 * open);
            g.setColor(new Color(238, 236, 230));
            g.fill(eye);
            Shape old = g.getClip();
            g.clip(eye);
            g.setColor(new Color(t.irisRgb()));
            g.fill(new Ellipse2D.Double(cx - 3.8, -3.8, 7.6, 7.6));
            g.setColor(new Color(15, 12, 12));
            g.fill(new Ellipse2D.Double(cx - 1.7, -1.7, 3.4, 3.4));
            g.setClip(old);
            g.setColor(new Color(40, 28, 25));
            g.setStroke(new BasicStroke(s.heavyMakeup() ? 2.0f : 1.3f));
            g.draw(new QuadCurve2D.Double(cx - 9, 0.5, cx, -2 * open - 0.5, cx + 9, 0.5));
            if (s.bagsUnderEyes()) {
                g.setColor(new Color(60, 30, 40, 70));
                g.setStroke(new BasicStroke(1.4f));
                g.draw(new QuadCurve2D.Double(cx - 7, open + 2, cx, open + 6, cx + 7, open + 2));
            }
            double arch = t.archedBrows() ? 5 : 1.5;
            g.setColor(new Color(brow));
            g.setStroke(new BasicStroke(t.bushyBrows() ? 4.2f : t.male() ? 2.8f : 2.0f, BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            g.draw(new QuadCurve2D.Double(cx - side * 10, -10, cx + side * 1, -12 - 2 * arch, cx + side * 11, -9));
        }
    }

    private static void nose(Graphics2D g, FaceTraits t) {
        double w = t.bigNose() ? 1.35 : 1.0;
        double tip = t.pointyNose() ? 27 : 25;
        g.setColor(new Color(shade(t.skinRgb(), 0.72)));
        g.setStroke(new BasicStroke(1.3f));
        g.draw(new QuadCurve2D.Double(-3, 2, -4 * w, 16, -7 * w, tip - 2));
        g.setColor(new Color(shade(t.skinRgb(), 0.45)));
        g.fill(new Ellipse2D.Double(-6 * w - 1.5, tip - 1, 3.2 * w, 2.2));
        g.fill(new Ellipse2D.Double(6 * w - 1.7, tip - 1, 3.2 * w, 2.2));
        g.setColor(new Color(shade(t.skinRgb(), 0.8)));
        g.draw(new QuadCurve2D.Double(-5 * w, tip + 1, 0, tip + 4, 5 * w, tip + 1));
    }

    private static void mouth(Graphics2D g, FaceSpec s) {
        FaceTraits t = s.traits();
        double smile = s.smile();
        double up = Math.max(0, smile);
        double mw = 14 + 4 * up;
        double cornerY = MOUTH_Y - 6 * smile;
        double midY = MOUTH_Y + 6 * smile;
        double open = s.mouthOpen() ? (s.teeth() ? 3 + 4 * up : 2.2) : 0;
        double lipT = t.bigLips() ? 4.5 : 3.0;
        double lipB = t.bigLips() ? 6.5 : 4.5;
        int lipColour = s.lipstick() ? t.lipRgb() : FacePlanner.lerp(shade(t.skinRgb(), 0.8), 0xB0504A, 0.3);

        if (up > 0.25) {
            g.setColor(new Color(0, 0, 0, (int) (15 + 35 * up)));
            g.setStroke(new BasicStroke(1.4f));
            for (int side = -1; side <= 1; side += 2) {
                g.draw(new QuadCurve2D.Double(side * 9, 22, side * (mw + 6), 30, side * (mw + 3), cornerY + 6));
            }
        }
        // lips: upper above the mouth line, lower below the opening
        Path2D.Double upper = new Path2D.Double();
        upper.moveTo(-mw, cornerY);
        upper.quadTo(0, midY - open - 2 * lipT - 2 * Math.max(0, -smile), mw, cornerY);
        upper.quadTo(0, midY - open, -mw, cornerY);
        upper.closePath();
        Path2D.Double lower = new Path2D.Double();
        lower.moveTo(-mw, cornerY);
        lower.quadTo(0, midY + open, mw, cornerY);
        lower.quadTo(0, midY + open + 2 * lipB, -mw, cornerY);
        lower.closePath();
        g.setColor(new Color(lipColour));
        g.fill(upper);
        g.fill(lower);
        if (open > 0) {
            Path2D.Double gap = new Path2D.Double();
            gap.moveTo(-mw + 1, cornerY);
            gap.quadTo(0, midY - open, mw - 1, cornerY);
            gap.quadTo(0, midY + open, -mw + 1, cornerY);
            gap.closePath();
            g.setColor(new Color(70, 22, 28));
            g.fill(gap);
            if (s.teeth()) {
                Shape old = g.getClip();
                g.clip(gap);
                g.setColor(new Color(240, 238, 228));
                g.fill(new Rectangle2D.Double(-mw, midY - open - 5, 2 * mw, open * 1.1 + 5));
                g.setClip(old);
            }
        }
        g.setColor(new Color(shade(lipColour, 0.55)));
        g.setStroke(new BasicStroke(1.2f));
        g.draw(new QuadCurve2D.Double(-mw, cornerY, 0, midY - (open > 0 ? open : 0), mw, cornerY));
    }

    private static void mustache(Graphics2D g, FaceSpec s) {
        double up = Math.max(0, s.smile());
        double mw = 16 + 4 * up;
        double cornerY = MOUTH_Y - 6 * s.smile();
        g.setColor(new Color(shade(s.traits().hairRgb(), 0.8)));
        Path2D.Double m = new Path2D.Double();
        m.moveTo(-mw, cornerY + 2);
        m.quadTo(-mw * 0.6, 28, 0, 30);
        m.quadTo(mw * 0.6, 28, mw, cornerY + 2);
        m.quadTo(0, MOUTH_Y - 6 + 3 * up, -mw, cornerY + 2);
        m.closePath();
        g.fill(m);
    }

    private static void hairFront(Graphics2D g, FaceTraits t, SplittableRandom r) {
        double hw = t.faceHalfWidth();
        HairStyle hs = t.hairStyle();
        g.setColor(new Color(t.hairRgb()));
        if (hs == HairStyle.BALD) {
            g.setColor(new Color(t.hairRgb() | 120 << 24, true));
            g.fill(new Ellipse2D.Double(-hw - 2, -34, 6, 40));
            g.fill(new Ellipse2D.Double(hw - 4, -34, 6, 40));
            g.setPaint(new RadialGradientPaint(new Point2D.Double(-hw * 0.3, -60), 18f, new float[]{0f, 1f},
                    new Color[]{new Color(255, 255, 255, 70), new Color(255, 255, 255, 0)}));
            g.fill(new Ellipse2D.Double(-hw * 0.3 - 18, -78, 36, 36));
            return;
        }
        double top = hs == HairStyle.SHORT ? -84 : -90;
        double hairline = t.recedingHairline() ? -60 : -46 + r.nextDouble(-3, 3);
        double sideLow = hs == HairStyle.SHORT ? -8 : 20;
        Path2D.Double cap = new Path2D.Double();
        cap.moveTo(-hw - 5, sideLow);
        cap.curveTo(-hw - 8, -62, -hw * 0.6, top, 0, top);
        cap.curveTo(hw * 0.6, top, hw + 8, -62, hw + 5, sideLow);
        cap.lineTo(hw - 4, sideLow);
        double part = r.nextDouble(-0.4, 0.4) * hw;
        cap.curveTo(hw - 2, -30, hw * 0.6, hairline, part, hairline - 2);
        cap.curveTo(-hw * 0.6, hairline, -hw + 2, -30, -hw + 4, sideLow);
        cap.closePath();
        g.fill(cap);
        if (t.bangs()) {
            Path2D.Double fringe = new Path2D.Double();
            fringe.moveTo(-hw + 1, -30);
            fringe.quadTo(-hw * 0.6, -62, 0, -62);
            fringe.quadTo(hw * 0.6, -62, hw - 1, -30);
            int n = 9;
            for (int i = n; i >= 0; i--) {
                double x = -hw + 1 + (2 * hw - 2) * i / n;
                double y = -17 - r.nextDouble(0, 7) - Math.abs(x) / hw * 8;
                fringe.lineTo(x, y);
            }
            fringe.closePath();
            g.fill(fringe);
            Path2D.Double lines = new Path2D.Double();
            for (int i = 0; i < 8; i++) {
                double x = r.nextDouble(-0.65, 0.65) * hw;
                lines.moveTo(x * 0.8, -54);
                lines.lineTo(x + r.nextDouble(-3, 3), -26);
            }
            strands(g, t, lines);
        } else {
            Path2D.Double lines = new Path2D.Double();
            for (int i = 0; i < 8; i++) {
                double u = r.nextDouble(-0.8, 0.8);
                lines.moveTo(part, hairline);
                lines.lineTo(part + u * hw * 0.5, (hairline + top) / 2);
                lines.lineTo(u * hw * 0.75, top + 8);
            }
            strands(g, t, lines);
        }
    }

    private static void hat(Graphics2D g, FaceSpec s, SplittableRandom r) {
        double hw = s.traits().faceHalfWidth();
        Color c = new Color(s.hatRgb());
        g.setColor(c);
        Path2D.Double crown = new Path2D.Double();
        crown.moveTo(-hw - 6, -36);
        crown.curveTo(-hw - 8, -90, -hw * 0.5, -104, 0, -104);
        crown.curveTo(hw * 0.5, -104, hw + 8, -90, hw + 6, -36);
        crown.closePath();
        g.fill(crown);
        g.setColor(c.darker());
        if (r.nextBoolean()) {
            g.fill(new RoundRectangle2D.Double(-hw - 18, -44, 2 * hw + 36, 9, 8, 8));
        } else {
            g.fill(new RoundRectangle2D.Double(-hw - 7, -48, 2 * hw + 14, 13, 6, 6));
        }
    }

    private static void glasses(Graphics2D g, FaceTraits t) {
        Glasses gl = t.glasses();
        double w = gl.lensHalfWidth();
        double h = gl.lensHalfHeight();
        double cy = 1;
        Color frame = new Color(gl.rgb());
        for (int side = -1; side <= 1; side += 2) {
            double cx = side * EYE_DX;
            Shape lens = switch (gl.shape()) {
                case ROUND, OVAL -> new Ellipse2D.Double(cx - w, cy - h, 2 * w, 2 * h);
                case RECT -> new RoundRectangle2D.Double(cx - w, cy - h, 2 * w, 2 * h, 7, 7);
            };
            g.setColor(gl.tinted() ? new Color(25, 25, 35, 215) : new Color(255, 255, 255, 28));
            g.fill(lens);
            g.setColor(frame);
            g.setStroke(new BasicStroke(gl.stroke()));
            g.draw(lens);
            g.draw(new QuadCurve2D.Double(cx + side * w, cy - h * 0.4, cx + side * (w + 6), cy - h * 0.6,
                    side * (t.faceHalfWidth() + 1), -3));
        }
        g.draw(new QuadCurve2D.Double(-EYE_DX + w, cy - h * 0.3, 0, cy - h * 0.3 - 4, EYE_DX - w, cy - h * 0.3));
    }

    /** Separable box blur with clamped edges, in place (ConvolveOp was ten times slower). */
    private static void blur(BufferedImage img, int radius) {
        byte[] px = pixels(img);
        byte[] tmp = new byte[px.length];
        for (int c = 0; c < 3; c++) {
            boxPass(px, tmp, c, WIDTH, HEIGHT, 3, 3 * WIDTH, radius);
            boxPass(tmp, px, c, HEIGHT, WIDTH, 3 * WIDTH, 3, radius);
        }
    }

    /**
     * Averages one channel along {@code lines} lines of {@code n} samples; samples are {@code step} bytes
     * apart, lines {@code lineStep} bytes apart, starting at byte {@code first}.
     */
    private static void boxPass(byte[] src, byte[] dst, int first, int n, int lines, int step, int lineStep,
                                int radius) {
        int inverse = 65536 / (2 * radius + 1); // fixed-point reciprocal: divisions dominated this loop
        int last = first + (n - 1) * step;
        for (int line = 0; line < lines; line++, first += lineStep, last += lineStep) {
            int sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += src[first + Math.max(0, Math.min(n - 1, k)) * step] & 255;
            }
            int out = first - radius * step;
            int in = first + (radius + 1) * step;
            for (int at = first; at <= last; at += step, out += step, in += step) {
                dst[at] = (byte) (sum * inverse >> 16);
                sum += (src[Math.min(in, last)] & 255) - (src[Math.max(out, first)] & 255);
            }
        }
    }

    /**
     * Directional light gradient, contrast and brightness, then per-channel noise, in one pass over the
     * raster, in 16.16 fixed point (this loop is a large share of the rendering time).
     */
    private static void lightAndNoise(BufferedImage img, FaceSpec s, SplittableRandom r) {
        byte[] px = pixels(img);
        double lx = Math.cos(s.lightAngle()) * s.lightStrength() / WIDTH * s.contrast();
        double ly = Math.sin(s.lightAngle()) * s.lightStrength() / WIDTH * s.contrast();
        int offset = (int) Math.round((128 + s.brightness() - 128 * s.contrast()) * 65536) + 32768;
        int noiseScale = (int) Math.round(s.noise() / 104.0 * 65536);
        int n = r.nextInt(NOISE_SLACK);
        int gainStep = (int) Math.round(lx * 65536);
        for (int y = 0, i = 0; y < HEIGHT; y++) {
            int gain = (int) Math.round((s.contrast() - lx * EYE_X + ly * (y - EYE_Y)) * 65536);
            for (int x = 0; x < WIDTH; x++, gain += gainStep, i += 3, n += 3) {
                px[i] = toByte((px[i] & 255) * gain + offset + NOISE[n] * noiseScale);
                px[i + 1] = toByte((px[i + 1] & 255) * gain + offset + NOISE[n + 1] * noiseScale);
                px[i + 2] = toByte((px[i + 2] & 255) * gain + offset + NOISE[n + 2] * noiseScale);
            }
        }
    }

    /** A 16.16 fixed-point value, rounded down and clamped to 0..255, without branches. */
    private static byte toByte(int fixed) {
        int v = fixed >> 16;
        v &= ~(v >> 31);
        return (byte) (v | (255 - v) >> 31);
    }

    private static short[] noiseTable(int size) {
        SplittableRandom r = new SplittableRandom(0x5EED_CE1EBAL);
        short[] t = new short[size];
        for (int i = 0; i < size; i++) {
            t[i] = (short) (r.nextInt(256) + r.nextInt(256) - 255);
        }
        return t;
    }

    /** The interleaved BGR bytes of a {@code TYPE_3BYTE_BGR} image. */
    private static byte[] pixels(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    private static Shape polygon(double... xy) {
        GeneralPath p = new GeneralPath();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }

    private static int shade(int rgb, double f) {
        return FacePlanner.rgb((int) ((rgb >> 16 & 255) * f), (int) ((rgb >> 8 & 255) * f), (int) ((rgb & 255) * f));
    }
}
