package io.celebaspark.synth;

import io.celebaspark.data.CelebaAttributes;
import io.celebaspark.data.Split;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Writes a synthetic dataset in exactly CelebA's release layout ({@code Anno/list_attr_celeba.txt},
 * {@code Anno/identity_CelebA.txt}, {@code Eval/list_eval_partition.txt}, {@code Img/img_align_celeba/*.jpg},
 * CRLF text, 178×218 JPEGs), so that every job of the project can run end to end, in tests and on a fresh
 * machine, without the real (licence-restricted, 1.4 GB) download: the embedded default.
 *
 * <p>Like CelebA, images are grouped into identities of 20–30 photos, whole identities are assigned to
 * train/val/test (about 80/10/10), and the files are numbered train first, then val, then test. Output is
 * a pure function of {@code (count, seed, priors)}: the plan (identities, splits, order) is cheap and
 * computed up front, and image {@code i} is drawn from its own random stream, so images can be rendered in
 * any order or in parallel and the bytes stay identical.
 */
public final class SyntheticCeleba {

    /** Images per identity, inclusive bounds. */
    static final int MIN_PER_IDENTITY = 20;
    static final int MAX_PER_IDENTITY = 30;
    private static final int CHUNK = 32;
    private static final String CRLF = "\r\n";

    private SyntheticCeleba() {
    }

    /** Writes {@code count} images and the annotation files under {@code root} with CelebA's priors. */
    public static SynthSummary write(Path root, int count, long seed, IntConsumer progress) throws IOException {
        return write(root, count, seed, SynthPriors.CELEBA, progress);
    }

    /**
     * Writes {@code count} images and the annotation files under {@code root} (created if absent). Files of
     * the same names are overwritten; nothing else under {@code root} is touched. {@code progress} receives
     * the number of images written so far, in increasing order, from the calling thread.
     */
    public static SynthSummary write(Path root, int count, long seed, SynthPriors priors, IntConsumer progress)
            throws IOException {
        if (count < 1 || count > 999_999) {
            throw new IllegalArgumentException("count must be in 1..999999 (six-digit file names), got " + count);
        }
        Plan plan = plan(count, seed, priors);
        Path anno = Files.createDirectories(root.resolve("Anno"));
        Path eval = Files.createDirectories(root.resolve("Eval"));
        Path img = Files.createDirectories(root.resolve("Img").resolve("img_align_celeba"));
        writeImages(img, plan, progress);

        long[] bits = new long[count];
        int[] positives = new int[CelebaAttributes.COUNT];
        for (int i = 0; i < count; i++) {
            bits[i] = plan.specs.get(i).attributeBits();
            for (int a = 0; a < positives.length; a++) {
                if (CelebaAttributes.isSet(bits[i], a)) {
                    positives[a]++;
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(anno.resolve("list_attr_celeba.txt"), StandardCharsets.US_ASCII)) {
            w.write(count + CRLF);
            w.write(String.join(" ", CelebaAttributes.NAMES) + " " + CRLF);
            StringBuilder row = new StringBuilder(140);
            for (int i = 0; i < count; i++) {
                row.setLength(0);
                row.append(fileName(i));
                for (int a = 0; a < CelebaAttributes.COUNT; a++) {
                    row.append(CelebaAttributes.isSet(bits[i], a) ? "  1" : " -1");
                }
                w.write(row.append(CRLF).toString());
            }
        }
        try (Writer w = Files.newBufferedWriter(anno.resolve("identity_CelebA.txt"), StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                w.write(fileName(i) + " " + plan.specs.get(i).traits().identity() + CRLF);
            }
        }
        Map<Split, Integer> perSplit = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            perSplit.put(s, 0);
        }
        try (Writer w = Files.newBufferedWriter(eval.resolve("list_eval_partition.txt"), StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                w.write(fileName(i) + " " + plan.splits[i].code() + CRLF);
                perSplit.merge(plan.splits[i], 1, Integer::sum);
            }
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int a = 0; a < CelebaAttributes.COUNT; a++) {
            rates.put(CelebaAttributes.NAMES.get(a), positives[a] / (double) count);
        }
        return new SynthSummary(root, count, plan.identities, Collections.unmodifiableMap(perSplit),
                Collections.unmodifiableMap(rates));
    }

    /** CelebA's file name for the image at zero-based position {@code index}. */
    static String fileName(int index) {
        return String.format("%06d.jpg", index + 1);
    }

    /** The specs of the images {@link #write} draws for {@code count} and {@code seed}, in file order. */
    public static List<FaceSpec> specs(int count, long seed) {
        return plan(count, seed, SynthPriors.CELEBA).specs();
    }

    /** Specs and splits in file order (index 0 is {@code 000001.jpg}). */
    record Plan(List<FaceSpec> specs, Split[] splits, int identities) {
    }

    /**
     * Identities (sizes, traits, split) and the file order, then one spec per image from its own stream.
     * Male and habitual-glasses identities are allocated by exact count (then shuffled) rather than by coin
     * flip, so the label rates of a small dataset stay close to the priors.
     */
    static Plan plan(int count, long seed, SynthPriors priors) {
        SplittableRandom r = new SplittableRandom(mix(seed, -1, 0));
        List<Integer> sizes = new ArrayList<>();
        for (int total = 0; total < count; ) {
            int size = Math.min(r.nextInt(MIN_PER_IDENTITY, MAX_PER_IDENTITY + 1), count - total);
            sizes.add(size);
            total += size;
        }
        int n = sizes.size();
        boolean[] male = allocate(n, priors.male(), r);
        boolean[] wearer = allocate(n, FacePlanner.wearerFraction(priors.eyeglasses()), r);
        int[] order = permutation(n, r);
        int nVal = n >= 3 ? Math.max(1, (int) Math.round(0.1 * n)) : n == 2 ? 1 : 0;
        int nTest = n >= 3 ? Math.max(1, (int) Math.round(0.1 * n)) : 0;
        Split[] identitySplit = new Split[n];
        for (int k = 0; k < n; k++) {
            int id = order[k];
            identitySplit[id] = k < n - nVal - nTest ? Split.TRAIN : k < n - nTest ? Split.VAL : Split.TEST;
        }
        int[] celebId = permutation(n, r);
        List<FaceTraits> traits = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            traits.add(FacePlanner.traits(celebId[id] + 1, male[id], wearer[id], new SplittableRandom(mix(seed, id, 1))));
        }

        List<FaceSpec> specs = new ArrayList<>(count);
        Split[] splits = new Split[count];
        for (Split split : Split.values()) {
            List<Integer> slots = new ArrayList<>();
            for (int id = 0; id < n; id++) {
                if (identitySplit[id] == split) {
                    for (int k = 0; k < sizes.get(id); k++) {
                        slots.add(id);
                    }
                }
            }
            int[] shuffled = permutation(slots.size(), r);
            for (int k : shuffled) {
                int index = specs.size();
                int id = slots.get(k);
                splits[index] = split;
                specs.add(FacePlanner.spec(traits.get(id), priors, new SplittableRandom(mix(seed, index, 2))));
            }
        }
        return new Plan(List.copyOf(specs), splits, n);
    }

    private static void writeImages(Path dir, Plan plan, IntConsumer progress) throws IOException {
        int count = plan.specs.size();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), (count + CHUNK - 1) / CHUNK));
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "synth-celeba");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Integer>> chunks = new ArrayList<>();
            for (int start = 0; start < count; start += CHUNK) {
                int from = start;
                int to = Math.min(count, start + CHUNK);
                chunks.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        BufferedImage image = FaceRenderer.render(plan.specs.get(i));
                        Files.write(dir.resolve(fileName(i)), jpeg(image, plan.specs.get(i).jpegQuality()));
                    }
                    return to;
                }));
            }
            for (Future<Integer> f : chunks) {
                progress.accept(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing synthetic images", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("rendering a synthetic image failed", cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Baseline JPEG at an explicit quality; the encoder is deterministic for a given image and quality. */
    static byte[] jpeg(BufferedImage image, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16_384);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** {@code n} flags with exactly round(n·p) set, in random order. */
    private static boolean[] allocate(int n, double p, SplittableRandom r) {
        boolean[] flags = new boolean[n];
        int set = (int) Math.round(n * p);
        int[] order = permutation(n, r);
        for (int k = 0; k < set; k++) {
            flags[order[k]] = true;
        }
        return flags;
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** An independent stream seed for (dataset seed, item, purpose), well mixed so neighbours are unrelated. */
    private static long mix(long seed, long item, long purpose) {
        return new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L * (item + 0x632BE59BD9B4E019L * (purpose + 1)))
                .nextLong();
    }
}
