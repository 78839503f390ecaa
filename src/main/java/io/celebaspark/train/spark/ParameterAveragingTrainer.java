package io.celebaspark.train.spark;

import io.celebaspark.cost.RoundTimes;
import io.celebaspark.fs.SerializableHadoopConf;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.spark.SparkSessions;
import io.celebaspark.train.noise.NoiseScaleMeter;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * DL4J's {@link ParameterAveragingTrainingMaster} around one network, one epoch at a time, so a driver-side
 * controller can change the batch per worker and the learning rate between epochs.
 *
 * <p>Design, and why (DL4J 1.0.0-M2 source read, not assumed):
 * <ul>
 *   <li><b>Data path: per-epoch minibatch files + {@code fitPaths}.</b> The master runs one Spark job per
 *   averaging round. With an {@code RDD<DataSet>} ({@code Direct}) every round re-evaluates the input
 *   lineage (a full-dataset scan and shuffle per round) unless the float DataSets are persisted, which for
 *   full CelebA is 8 GB; {@code Export} is refused on a cluster with a local file system and never cleans
 *   up. Instead each epoch's shuffled minibatches are written once as uint8 files ({@link BatchFiles}) to a
 *   fresh folder under {@link AveragingSettings#scratchDir}, each round reads only its own files through
 *   {@link BatchFileLoader}, and the folder is deleted when the epoch ends. No executor holds the dataset.</li>
 *   <li><b>Rounds are cut here, not by DL4J.</b> Every file holds one worker minibatch and
 *   {@code rddDataSetNumExamples} = batch per worker (DL4J's worker re-batches to that size and stops after
 *   {@code frequency} minibatches; were the two numbers different, workers would silently skip most of
 *   their files). Even so, handing DL4J the whole epoch lost examples: its {@code balancedRandomSplit} and
 *   balanced repartitioning leave some workers more than {@code frequency} files in a round, and the
 *   surplus is skipped without a word (239 of 247 images trained in a test). So each averaging round is one
 *   {@code fitPaths} call on exactly {@code frequency × workers} files (fewer in the last), in contiguous
 *   slices of at most {@code frequency} files per worker with repartitioning off: every image is trained
 *   on once per epoch, the assignment is fixed by (seed, epoch), and a resumed epoch replays exactly.</li>
 *   <li><b>A new master per epoch</b>: the master has no batch-size or worker-count setter, and building one is
 *   cheap; so a batch growth can multiply either (scale-up or scale-out), and no master outlives a change of W.</li>
 *   <li><b>Which master</b>: {@link ReusingTrainingMaster} when {@link AveragingSettings#reuseWorkers} (the
 *   default), which skips DL4J's per-round {@code count()} job, lets each worker thread reuse its network
 *   across rounds and epochs of this trainer, and destroys each round's broadcast; otherwise DL4J's stock
 *   master, the reference path. Both compute the same parameters (docs/spark-round.md).</li>
 *   <li><b>Learning rate</b>: {@code net.setLearningRate} on the driver changes the layer configurations,
 *   which the master broadcasts with the parameters every round, keeping the updater state.</li>
 *   <li><b>Gradient noise scale</b> (docs/noise-scale.md): with a meter ({@link #measureNoiseScale}) and
 *   frequency 1, a {@link GradientProbe} beside {@link StepScores} recovers each worker's gradient around its
 *   step and ships its squared norm; the mean gradient comes from the driver's state before and after the
 *   round, a copy of the parameters and updater state per round.</li>
 *   <li><b>Train loss</b>: every worker step's score, through {@link StepScores}; DL4J's own
 *   {@code getScore()} is only the last round's. Never {@code SparkDl4jMultiLayer.calculateScore}: it
 *   broadcasts the live parameters and Spark 3.5 closes them when the broadcast is removed.</li>
 *   <li><b>Kryo with ND4J's registrator</b> is required (DL4J refuses otherwise); it cannot be switched on
 *   once a session exists, so the constructor checks it and {@link SparkSessions#create} sets it, with the
 *   project's bulk serializer for ND4J arrays after it ({@code BulkNdArraySerializer}: the parameters and
 *   updater state cross Kryo twice per round).</li>
 * </ul>
 */
public final class ParameterAveragingTrainer {
    private final JavaSparkContext sc;
    private final MultiLayerNetwork net;
    private final AveragingSettings settings;
    private final int workers;
    private final SerializableHadoopConf hadoop;
    /** Names this trainer's networks in the workers' caches: another trainer never reuses them. */
    private final String session = UUID.randomUUID().toString();
    private RoundOverhead lastRounds;
    private NoiseScaleMeter noiseMeter;

    public ParameterAveragingTrainer(SparkSession spark, MultiLayerNetwork net, AveragingSettings settings) {
        SparkSessions.requireNd4jKryo(spark.sparkContext().getConf());
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.net = net;
        this.settings = settings;
        this.workers = settings.workers() > 0 ? settings.workers() : sc.defaultParallelism();
        this.hadoop = new SerializableHadoopConf(sc.hadoopConfiguration());
    }

    /**
     * Measures the gradient noise scale of every round into {@code meter} from the next epoch on, when
     * {@link #noiseScaleUnavailable()} is empty; each {@link EpochFit} then carries the epoch's estimate and
     * the meter's state.
     */
    public void measureNoiseScale(NoiseScaleMeter meter) {
        this.noiseMeter = meter;
    }

    /** Why this trainer cannot measure the noise scale (averaging settings, optimiser), or empty. */
    public Optional<String> noiseScaleUnavailable() {
        return settings.noiseScaleUnavailable().or(() -> GradientRecovery.unsupported(net));
    }

    /**
     * Trains one epoch on {@link #workers()} workers at this batch per worker and learning rate; see
     * {@link #fitEpoch(Dataset, TensorBatches, int, long, int, int, double, boolean)}.
     */
    public EpochFit fitEpoch(Dataset<Row> trainRows, TensorBatches batches, int epoch, long seed, int batchPerWorker,
                             double learningRate, boolean flip) {
        return fitEpoch(trainRows, batches, epoch, seed, batchPerWorker, workers, learningRate, flip);
    }

    /**
     * Trains one epoch on the train rows at this batch per worker, number of workers and learning rate; each may
     * differ from the previous epoch. The global batch is {@code batchPerWorker × workers}. The workers are the
     * tasks of every averaging round and DL4J's worker count, so DL4J never falls back to Spark's default
     * parallelism (which changes as executors come and go); with fewer task slots than workers a round runs in
     * waves and computes the same.
     *
     * @param trainRows {@code image_id}, {@code pixels} and label columns ({@code TensorDataset.split})
     * @param batches   normalisation of the rows; the minibatches are laid out as the network takes its input
     * @param epoch     the epoch number (the train job counts from 1); with {@code seed}, fixes the data order, flips, dropout masks and rounds
     */
    public EpochFit fitEpoch(Dataset<Row> trainRows, TensorBatches batches, int epoch, long seed, int batchPerWorker,
                             int workers, double learningRate, boolean flip) {
        if (batchPerWorker < 1) {
            throw new IllegalArgumentException("batch per worker must be at least 1, got " + batchPerWorker);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        long start = System.nanoTime();
        net.setLearningRate(learningRate);
        String dir = new Path(settings.scratchDir(), "epoch-" + epoch + "-" + UUID.randomUUID()).toString();
        StepScores scores = new StepScores(sc.sc());
        GradientProbe probe = noiseMeter != null && noiseScaleUnavailable().isEmpty() ? new GradientProbe(sc.sc()) : null;
        long updates = 0;
        List<Double> roundSeconds = new ArrayList<>();
        try {
            List<String> files = BatchFiles.write(trainRows, batchPerWorker, seed, epoch, flip, dir, hadoop);
            ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(workers, batchPerWorker)
                    .batchSizePerWorker(batchPerWorker)
                    .averagingFrequency(settings.averagingFrequency())
                    .saveUpdater(settings.averageUpdaters())
                    .workerPrefetchNumBatches(0)
                    .repartionData(Repartition.Never)
                    .storageLevelStreams(null)
                    .trainingHooks(probe == null ? new TrainingHook[]{scores} : new TrainingHook[]{scores, probe});
            ReusingTrainingMaster reusing = settings.reuseWorkers() ? new ReusingTrainingMaster(builder, session) : null;
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, net, reusing != null ? reusing : builder.build());
            BatchFileLoader loader = new BatchFileLoader(batches.laidOutFor(net));
            int perRound = settings.averagingFrequency() * workers;
            try {
                for (int from = 0; from < files.size(); from += perRound) {
                    List<String> round = files.subList(from, Math.min(files.size(), from + perRound));
                    if (reusing != null) {
                        reusing.expectObjects(round.size());
                    }
                    GradientRecovery.Before before = probe == null ? null : GradientRecovery.before(net);
                    // contiguous slices of at most `frequency` files, one per worker
                    long roundStart = System.nanoTime();
                    sparkNet.fitPaths(sc.parallelize(round, Math.min(workers, round.size())), loader);
                    roundSeconds.add((System.nanoTime() - roundStart) / 1e9);
                    if (probe != null) {
                        probe.endRound(round.size(), before, net, noiseMeter);
                    }
                    updates += (round.size() + workers - 1) / workers;
                }
            } finally {
                if (reusing != null) {
                    reusing.destroyBroadcast();
                }
            }
        } catch (Throwable e) {
            try {
                BatchFiles.delete(dir, hadoop);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        BatchFiles.delete(dir, hadoop);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (scores.steps() == 0) {
            throw new IllegalArgumentException("the training rows are empty: nothing to train on");
        }
        lastRounds = new RoundOverhead(roundSeconds.size(), workers, scores.stepSeconds(), seconds);
        RoundTimes rounds = RoundTimes.of(roundSeconds);
        if (noiseMeter == null) {
            return new EpochFit(scores.meanLoss(), scores.examples(), updates, seconds, rounds, null, null);
        }
        return new EpochFit(scores.meanLoss(), scores.examples(), updates, seconds, rounds,
                noiseMeter.endEpoch().orElse(null), noiseMeter.saveState());
    }

    /** Where the last {@link #fitEpoch} spent its time: in the workers' steps or around them. */
    public RoundOverhead lastEpochRounds() {
        return lastRounds;
    }

    /** The current (averaged) network on the driver. */
    public MultiLayerNetwork network() {
        return net;
    }

    /** The workers of {@code train.workers}, or Spark's default parallelism when the trainer was built. */
    public int workers() {
        return workers;
    }

    /** The log's name of the averaging round {@code train.spark.reuse-workers} selects. */
    public static String describe(boolean reuseWorkers) {
        return reuseWorkers ? "reusing workers (no count job, networks kept, broadcasts destroyed)"
                : "DL4J stock master";
    }
}
