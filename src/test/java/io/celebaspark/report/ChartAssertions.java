package io.celebaspark.report;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every chart of a report must be: a PNG that decodes, with the arms expected and each arm's colour drawn. */
final class ChartAssertions {
    /** Pixels of exactly an arm's colour a chart must hold (its line or dots, and its legend swatch). */
    private static final int MIN_PIXELS = 30;

    private ChartAssertions() {
    }

    static void assertChart(RenderedChart chart, byte[] png, List<String> arms, ArmPalette palette) {
        BufferedImage image = decode(png, chart.fileName());
        assertEquals(ReportCharts.WIDTH, image.getWidth(), chart.fileName());
        assertEquals(ReportCharts.HEIGHT, image.getHeight(), chart.fileName());
        assertEquals(arms, chart.series(), chart.fileName() + ": one series per arm, in the report's arm order");
        for (String arm : arms) {
            int pixels = count(image, palette.colour(arm));
            assertTrue(pixels >= MIN_PIXELS, chart.fileName() + ": only " + pixels + " pixels of " + arm + "'s colour "
                    + palette.css(arm));
        }
    }

    static BufferedImage decode(byte[] png, String name) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image, name + " is not an image ImageIO can read");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not decode", e);
        }
    }

    static int count(BufferedImage image, Color colour) {
        int rgb = colour.getRGB() & 0xFFFFFF;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
