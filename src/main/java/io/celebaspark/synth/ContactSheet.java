package io.celebaspark.synth;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.image.ImageSpec;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PNG grid of the first images of a CelebA-layout dataset with their Male / Smiling / Eyeglasses labels
 * under each, for a human to check that what the annotation files say is what the pixels show. Works on
 * real CelebA as well as on {@link SyntheticCeleba} output. The crop variant shows what the network gets
 * (the project's crop box, area-averaged to 64×64, enlarged ×2 for the eye).
 */
public final class ContactSheet {

    private static final int LABEL_HEIGHT = 16;
    private static final int NET_SIZE = ImageSpec.celebaDefault().outputSize();

    private ContactSheet() {
    }

    /** Grid of the first {@code n} full 178×218 images. */
    public static void write(Path datasetRoot, Path png, int n) throws IOException {
        sheet(datasetRoot, png, n, false);
    }

    /** Grid of the first {@code n} images as the network sees them (the default preprocessing, 64×64), shown ×2. */
    public static void writeCrops(Path datasetRoot, Path png, int n) throws IOException {
        sheet(datasetRoot, png, n, true);
    }

    /** The tensor the preprocess job makes of this file, as an image: the very same code, not a lookalike. */
    private static BufferedImage networkView(byte[] encoded) {
        FacePreprocessor preprocessor = new FacePreprocessor(ImageSpec.celebaDefault());
        int size = preprocessor.spec().outputSize();
        BufferedImage view = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        try {
            byte[] chw = preprocessor.toChw(encoded);
            int plane = size * size;
            for (int i = 0; i < plane; i++) {
                view.setRGB(i % size, i / size,
                        (chw[i] & 0xFF) << 16 | (chw[plane + i] & 0xFF) << 8 | (chw[2 * plane + i] & 0xFF));
            }
        } catch (ImageRejectedException e) {
            // left black: the preprocess job would reject this file too
        }
        return view;
    }

    private static void sheet(Path root, Path png, int n, boolean crops) throws IOException {
        String[] names = new String[n];
        String[] labels = new String[n];
        int male = CelebaAttributes.indexOf("Male");
        int smiling = CelebaAttributes.indexOf("Smiling");
        int glasses = CelebaAttributes.indexOf("Eyeglasses");
        int rows = 0;
        try (BufferedReader in = Files.newBufferedReader(root.resolve("Anno/list_attr_celeba.txt"),
                StandardCharsets.US_ASCII)) {
            in.readLine();
            in.readLine();
            for (String line; rows < n && (line = in.readLine()) != null; rows++) {
                String[] f = line.trim().split("\\s+");
                names[rows] = f[0];
                labels[rows] = (f[1 + male].equals("1") ? "M" : "f") + " " + (f[1 + smiling].equals("1") ? "S" : "-")
                        + " " + (f[1 + glasses].equals("1") ? "G" : "-");
            }
        }
        int cellW = crops ? 2 * NET_SIZE : FaceRenderer.WIDTH;
        int cellH = crops ? 2 * NET_SIZE : FaceRenderer.HEIGHT;
        int cols = (int) Math.ceil(Math.sqrt(rows * 1.3));
        int gridRows = (rows + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(cols * cellW, gridRows * (cellH + LABEL_HEIGHT),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 12));
        Path dir = root.resolve("Img/img_align_celeba");
        for (int k = 0; k < rows; k++) {
            int x = k % cols * cellW;
            int y = k / cols * (cellH + LABEL_HEIGHT);
            Path file = dir.resolve(names[k]);
            BufferedImage img = Files.exists(file) ? ImageIO.read(file.toFile()) : null;
            if (img != null) {
                if (crops) {
                    g.drawImage(networkView(Files.readAllBytes(file)), x, y, cellW, cellH, null);
                } else {
                    g.drawImage(img, x, y, null);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(names[k].replace(".jpg", "") + " " + labels[k], x + 2, y + cellH + LABEL_HEIGHT - 4);
        }
        g.dispose();
        ImageIO.write(sheet, "png", png.toFile());
    }
}
