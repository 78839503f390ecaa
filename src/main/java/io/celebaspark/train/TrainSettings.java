package io.celebaspark.train;

import io.celebaspark.config.ConfigReader;
import io.celebaspark.config.LabelChoice;
import io.celebaspark.config.ScaleOutSettings;
import io.celebaspark.model.Architecture;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.train.control.ScheduleKind;
import io.celebaspark.train.control.ScheduleSettings;
import io.celebaspark.train.noise.NoiseScaleSettings;
import io.celebaspark.train.spark.AveragingSettings;

import java.util.Arrays;
import java.util.List;

/**
 * The validated {@code train.*} and {@code schedule.*} settings of one run, built once at start so a bad
 * value stops the run before Spark starts, with a message naming the key. Labels are checked against the
 * data's attributes later, when the data folder is opened (a typo gets a "did you mean" there).
 *
 * @param schedule           the controller's settings, including the epoch budget ({@code train.epochs})
 * @param seed               seeds initialisation, data order, flips and the training master
 * @param labels             attributes to predict, in output order
 * @param architecture       network name ({@code compact}, {@code levi-hassner})
 * @param batchNorm          BatchNorm after each convolution
 * @param dropout            drop probability before the output layer
 * @param l2                 L2 penalty on weights
 * @param optimizer          Adam or SGD with Nesterov momentum
 * @param learningRate       the initial learning rate
 * @param momentum           Nesterov momentum (sgd-momentum only)
 * @param batchPerWorker     the initial examples per local step on each worker
 * @param workers            workers averaging parameters; 0 for Spark's default parallelism
 * @param averagingFrequency local steps between parameter averages
 * @param averageUpdaters    average the optimiser state along with the parameters
 * @param reuseWorkers       {@code train.spark.reuse-workers}: the project's averaging round (no count job,
 *                           networks reused by the workers) instead of DL4J's stock master
 * @param flip               random left-right mirroring of training images
 * @param evalBatch          images per evaluation batch
 * @param onDivergence       what a NaN or infinite loss does
 * @param keepCheckpoints    newest checkpoints kept per run
 * @param experiment         experiment name for the runs table, empty for none
 * @param arm                experiment arm for the runs table, empty for none
 * @param gridPoint          experiment grid coordinates other than the seed, for the runs table; empty for none
 * @param fastBatchNorm      BatchNorm of NHWC networks on the project's contiguous helper; false: DL4J's stock layer
 * @param fusedRelu          {@code train.fused-relu}: where BatchNorm runs on the contiguous helper, the ReLU after it
 *                           runs inside it; false: a ReLU layer of its own
 * @param scaleOut           how a scale-out batch growth gets its executors ({@code cluster.scale-out.*}); read
 *                           with the training settings so that a resumed run scales as it started
 * @param noiseScale         how the gradient noise scale measured every round is smoothed ({@code train.noise-scale.*})
 */
public record TrainSettings(ScheduleSettings schedule, long seed, List<String> labels, String architecture,
                            boolean batchNorm, double dropout, double l2, Optimizer optimizer, double learningRate,
                            double momentum, int batchPerWorker, int workers, int averagingFrequency,
                            boolean averageUpdaters, boolean reuseWorkers, boolean flip, int evalBatch, DivergencePolicy onDivergence,
                            int keepCheckpoints, String experiment, String arm,
                            String gridPoint, boolean fastBatchNorm, boolean fusedRelu, ScaleOutSettings scaleOut,
                            NoiseScaleSettings noiseScale) {
    public TrainSettings {
        labels = List.copyOf(labels);
    }

    /** The network these settings describe, for data of the manifest's shape. */
    public ModelSpec modelSpec(Manifest manifest) {
        return modelSpec(manifest.height(), manifest.width(), manifest.channels());
    }

    /** The network these settings describe, for images of this shape (e.g. synthetic ones in a benchmark). */
    public ModelSpec modelSpec(int height, int width, int channels) {
        return new ModelSpec(architecture, height, width, channels, labels.size(), batchNorm, dropout, l2, seed)
                .withFastBatchNorm(fastBatchNorm).withFusedRelu(fusedRelu);
    }

    /** Parameter averaging as configured, with per-epoch minibatch files under {@code scratchDir}. */
    public AveragingSettings averaging(String scratchDir) {
        return new AveragingSettings(workers, averagingFrequency, averageUpdaters, scratchDir, reuseWorkers);
    }

    public static TrainSettings from(ConfigReader r) {
        ScheduleSettings schedule = ScheduleSettings.from(r);
        List<String> labels = r.stringList("train.labels");
        if (labels.isEmpty()) {
            throw r.invalid("train.labels", "[]", "must name at least one CelebA attribute, e.g. [Male, Smiling]");
        }
        try {
            LabelChoice.check(labels);
        } catch (IllegalArgumentException e) {
            // Checked with the rest of the configuration, before Spark starts: a typo is a usage error.
            throw r.invalid("train.labels", labels, e.getMessage());
        }
        String architecture = r.oneOf("train.architecture",
                Arrays.stream(Architecture.values()).map(Architecture::configName).toList());
        double dropout = r.doubleIn("train.dropout", 0, 0.99);
        double l2 = r.doubleIn("train.l2", 0, 1);
        Optimizer optimizer = r.choice("train.optimizer", Optimizer.class);
        double learningRate = r.doubleIn("train.learning-rate", Double.MIN_VALUE, 10);
        if (schedule.kind() != ScheduleKind.CONSTANT
                && learningRate <= schedule.minLearningRate()) {
            throw r.invalid("train.learning-rate", learningRate, "must be above schedule.min-lr = "
                    + schedule.minLearningRate() + ", or the schedule could never decay it");
        }
        int workers = r.intIn("train.workers", 0, 100_000);
        if (schedule.mayScaleOut() && workers == 0) {
            throw r.invalid("train.workers", 0, ScheduleSettings.REALISE + " = scale-out grows the workers from"
                    + " train.workers: set it to the initial number (e.g. 2), not 0 (Spark's default parallelism,"
                    + " which changes as executors come and go)");
        }
        if (schedule.mayScaleOut() && schedule.maxWorkers() > 0 && workers > schedule.maxWorkers()) {
            throw r.invalid(ScheduleSettings.MAX_WORKERS, schedule.maxWorkers(), "must be at least train.workers = "
                    + workers + ", the workers a scale-out run starts with (or 0 for no cap)");
        }
        return new TrainSettings(schedule,
                r.longIn("train.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                labels, architecture,
                r.bool("train.batch-norm"), dropout, l2, optimizer, learningRate,
                r.doubleIn("train.momentum", 0, 0.999),
                r.intIn("train.batch-per-worker", 1, 1 << 20),
                workers,
                r.intIn("train.averaging-frequency", 1, 10_000),
                r.bool("train.average-updaters"),
                r.bool("train.spark.reuse-workers"),
                r.bool("train.flip"),
                r.intIn("train.eval-batch", 1, 1 << 16),
                r.choice("train.on-divergence", DivergencePolicy.class),
                r.intIn("train.keep-checkpoints", 1, 1000),
                r.string("train.experiment").trim(),
                r.string("train.arm").trim(),
                r.string("train.grid-point").trim(),
                r.bool("train.fast-batchnorm"),
                r.bool("train.fused-relu"),
                ScaleOutSettings.from(r),
                NoiseScaleSettings.from(r));
    }
}
