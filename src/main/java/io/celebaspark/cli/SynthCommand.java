package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.data.Split;
import io.celebaspark.fs.FolderExistsException;
import io.celebaspark.fs.HadoopFiles;
import io.celebaspark.synth.ContactSheet;
import io.celebaspark.synth.SynthSummary;
import io.celebaspark.synth.SyntheticCeleba;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code synth}: writes a synthetic CelebA in the official release layout, so everything runs without CelebA. */
final class SynthCommand implements Command {
    @Override
    public String name() {
        return "synth";
    }

    @Override
    public String summary() {
        return "draw a synthetic CelebA (official release layout) for quickstarts and tests";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("output", "DIR", "folder to create with Anno/, Eval/ and Img/img_align_celeba/"
                        + " (one that exists is refused)"),
                CliOption.setting("count", "N", "synth.count", "number of images"),
                CliOption.setting("seed", "S", "synth.seed", "generator seed"),
                CliOption.value("contact-sheet", "DIR", "also write contact-sheet.png (first 64 faces with their"
                        + " Male/Smiling/Eyeglasses labels) and contact-sheet-64.png (the 64x64 crops a network sees)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        Path output = Path.of(args.required("output"));
        try {
            // A new CelebA mixed into an old one (other count: files of both) would be neither.
            HadoopFiles.requireAbsent(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(
                    output.toString()), "output folder", "remove it, or give --output another folder");
        } catch (FolderExistsException e) {
            throw new UsageException(e.getMessage());
        }
        int count = config.synth().count();
        long started = System.nanoTime();
        int step = Math.max(1000, count / 10);
        SynthSummary summary = SyntheticCeleba.write(output, count, config.synth().seed(), written -> {
            if (written % step == 0 && written < count) {
                out.printf(Locale.ROOT, "synth: %,d/%,d images%n", written, count);
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "synth: wrote %,d images of %,d identities to %s in %.1f s (%.0f images/s)%n",
                summary.images(), summary.identities(), summary.root(), seconds, summary.images() / seconds);
        if (args.value("contact-sheet").isPresent()) {
            Path sheets = Files.createDirectories(Path.of(args.required("contact-sheet")));
            ContactSheet.write(output, sheets.resolve("contact-sheet.png"), 64);
            ContactSheet.writeCrops(output, sheets.resolve("contact-sheet-64.png"), 64);
            out.println("synth: contact sheets in " + sheets);
        }
        out.printf(Locale.ROOT, "synth: train %,d, val %,d, test %,d images; Male %.1f%%, Smiling %.1f%%, Eyeglasses %.1f%%%n",
                summary.perSplit().getOrDefault(Split.TRAIN, 0), summary.perSplit().getOrDefault(Split.VAL, 0),
                summary.perSplit().getOrDefault(Split.TEST, 0), 100 * summary.positiveRates().get("Male"),
                100 * summary.positiveRates().get("Smiling"), 100 * summary.positiveRates().get("Eyeglasses"));
    }
}
