package io.celebaspark.train;

import com.typesafe.config.Config;
import io.celebaspark.config.ConfigLoader;
import io.celebaspark.config.ConfigReader;
import io.celebaspark.cost.EpochCost;
import io.celebaspark.cost.RunMeter;
import io.celebaspark.data.Split;
import io.celebaspark.errors.FailureReason;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelCard;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.provenance.BuildInfo;
import io.celebaspark.spark.ExecutorCostMeter;
import io.celebaspark.tensors.ManifestDifference;
import io.celebaspark.spark.ExecutorScaler;
import io.celebaspark.spark.TaskThreads;
import io.celebaspark.train.control.Decision;
import io.celebaspark.train.control.PlateauController;
import io.celebaspark.train.control.TrainingState;
import io.celebaspark.train.data.TensorDataset;
import io.celebaspark.train.eval.DistributedEvaluator;
import io.celebaspark.train.noise.NoiseScaleMeter;
import io.celebaspark.train.spark.AveragingSettings;
import io.celebaspark.train.spark.EpochFit;
import io.celebaspark.train.spark.ParameterAveragingTrainer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code train} job: DL4J parameter averaging on Spark over the tensors table, one epoch at a time,
 * with the driver-side plateau controller deciding batch and learning rate between epochs.
 *
 * <p>The loop itself only trains, validates, asks the controller and emits {@link TrainingListener} events;
 * checkpoints ({@link Checkpointer}), the metrics tables ({@link MetricsRecorder}) and the console
 * ({@link ProgressLine}) listen, in that order, so an epoch's checkpoint exists before its metrics row and a
 * crash between the two is repaired by the resume, which replays the checkpoint's row (the tables replace
 * rows per run and epoch, so there is exactly one whatever happened).
 *
 * <p>Failure: an exception marks the run FAILED with its reason in the runs table and is rethrown; a killed
 * driver leaves RUNNING, which {@code --resume} continues from the last checkpoint (a run whose last
 * checkpoint is its end, because it died while saving its final model, is only finished). A NaN or infinite
 * loss is a divergence: the run fails, or with {@code train.on-divergence = rollback} goes back once to
 * its last checkpoint at a tenth of the learning rate.
 *
 * <p>Cost: the run's Spark jobs carry its id ({@link ExecutorCostMeter#RUN_PROPERTY}), and each epoch is priced
 * by the application's cost meter ({@link RunMeter}: executors, held and busy core-seconds, averaging rounds)
 * into its report; the executor changes during the run become its events ({@link ExecutorEventsRecorder}).
 * A session made without the meter trains the same, with the cost left empty.
 */
public final class TrainJob {
    private TrainJob() {
    }

    /** Runs (or resumes) one training run to its end and says how it ended. */
    public static RunOutcome run(SparkSession spark, TrainRequest request) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        MetricsStore.open(spark, request.metricsDir()).requireWritable();
        RunDirectory dir;
        TrainSettings settings;
        String configJson;
        Optional<RunDirectory.Checkpoint> checkpoint;
        if (request.resumeId() != null) {
            dir = RunDirectory.open(request.runsDir(), RunIds.check(request.resumeId()), hadoop);
            Config recorded = ConfigLoader.recorded(dir.run().config());
            settings = TrainSettings.from(new ConfigReader(recorded));
            configJson = ConfigLoader.renderJson(recorded);
            checkpoint = dir.latestCheckpoint();
        } else {
            settings = request.settings();
            configJson = request.configJson();
            checkpoint = Optional.empty();
            dir = null;
        }
        TensorDataset data = TensorDataset.open(spark, request.dataDir(), settings.labels());
        long trainExamples = data.count(Split.TRAIN);
        if (trainExamples == 0 || data.count(Split.VAL) == 0) {
            throw new IllegalArgumentException(request.dataDir() + " has " + trainExamples + " train and "
                    + data.count(Split.VAL) + " val images: training needs both (val detects plateaus)");
        }
        if (dir == null) {
            String runId = request.runId() != null ? RunIds.check(request.runId())
                    : RunIds.generate(settings, ZonedDateTime.now());
            dir = RunDirectory.create(request.runsDir(), new RunDirectory.RunRecordFile(runId, configJson,
                    request.dataDir(), request.metricsDir(), BuildInfo.codeVersion(), data.manifestSha256(),
                    Instant.now()), hadoop);
        } else if (!dir.run().manifestSha().equals(data.manifestSha256())) {
            throw new IllegalArgumentException(dataChanged(dir, request.dataDir(), data));
        }
        return new TrainJob.Run(spark, request, settings, configJson, data, dir, checkpoint).execute();
    }

    /** Why a run cannot resume on {@code dataDir}: what differs from the data it trained on, and what to do. */
    private static String dataChanged(RunDirectory dir, String dataDir, TensorDataset data) throws IOException {
        List<String> differences = dir.trainedOn().map(m -> ManifestDifference.between(m, data.manifest()))
                .orElse(List.of());
        String what = differences.isEmpty()
                ? dataDir + "/manifest.json has SHA-256 " + data.manifestSha256() + ", the run recorded "
                        + dir.run().manifestSha()
                : String.join("; ", differences);
        String todo = dataDir.equals(dir.run().dataDir())
                ? "the folder was made again since; start a new run on it (a run keeps the data it started with)"
                : "give --data the folder it started with (" + dir.run().dataDir() + "), or start a new run on this data";
        return "cannot resume run '" + dir.run().runId() + "' on " + dataDir + ": the data changed since it started ("
                + what + "); " + todo;
    }

    /** One run's mutable state while it trains. */
    private static final class Run {
        private final SparkSession spark;
        private final TrainSettings settings;
        private final String configJson;
        private final TensorDataset data;
        private final TensorBatches batches;
        private final RunDirectory dir;
        private ModelSpec spec;
        private final AveragingSettings averaging;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final RunInfo info;
        private final Optional<RunMeter> cost;
        private final ExecutorScaler scaler;
        private ParameterAveragingTrainer trainer;
        private PlateauController controller;
        private long updates;
        private long examplesSeen;
        private int bestEpoch;
        private double bestValue = Double.NaN;
        private EpochReport last;
        private boolean rolledBack;

        Run(SparkSession spark, TrainRequest request, TrainSettings settings, String configJson, TensorDataset data,
            RunDirectory dir, Optional<RunDirectory.Checkpoint> checkpoint) throws IOException {
            long created = System.currentTimeMillis();
            this.spark = spark;
            this.settings = settings;
            this.configJson = configJson;
            this.data = data;
            this.dir = dir;
            this.averaging = settings.averaging(dir.root().toString() + "/scratch");
            this.spec = settings.modelSpec(data.manifest());
            this.scaler = settings.schedule().mayScaleOut()
                    ? ExecutorScaler.forSession(spark.sparkContext(), settings.scaleOut()) : ExecutorScaler.NONE;
            startFrom(checkpoint, settings.learningRate());
            long trainExamples = data.count(Split.TRAIN);
            this.batches = data.batches(spec.layout());
            MetricsStore store = MetricsStore.open(spark, request.metricsDir());
            listeners.add(new Checkpointer(dir, () -> trainer.network(), () -> controller.saveState(),
                    settings.keepCheckpoints(), this::saveModel));
            listeners.add(new MetricsRecorder(store));
            Optional<ExecutorCostMeter> meter = ExecutorCostMeter.of(spark.sparkContext());
            this.cost = meter.map(m -> new RunMeter(m.ledger(), dir.run().runId(), System::currentTimeMillis));
            meter.ifPresent(m -> listeners.add(new ExecutorEventsRecorder(store, m.ledger(), created)));
            listeners.add(new ProgressLine(request.console()));
            listeners.addAll(request.listeners());
            this.info = new RunInfo(dir.run().runId(), settings, configJson, BuildInfo.codeVersion(),
                    data.manifestSha256(), spark.sparkContext().master(), trainer.workers(), trainExamples,
                    dir.run().startedAt(), Optional.ofNullable(last),
                    NetworkFactory.describeComputation(trainer.network()) + "; "
                            + TaskThreads.describe(spark.sparkContext().master()));
        }

        RunOutcome execute() throws IOException {
            spark.sparkContext().setLocalProperty(ExecutorCostMeter.RUN_PROPERTY, info.runId());
            cost.ifPresent(RunMeter::start);
            try {
                listeners.forEach(l -> l.onRunStarted(info));
                while (!controller.stopped()) {
                    runEpoch();
                }
                return finish();
            } catch (Throwable e) {
                // Throwable: Spark and Delta throw Scala's undeclared checked exceptions (AnalysisException) too
                RunOutcome failed = new RunOutcome(info.runId(), RunOutcome.Status.FAILED, lastEpoch(), bestEpoch,
                        Optional.ofNullable(last), Optional.empty(), Optional.empty(),
                        Optional.of(FailureReason.of(e)));
                for (TrainingListener l : listeners) {
                    try {
                        l.onRunEnded(failed);
                    } catch (RuntimeException secondary) {
                        e.addSuppressed(secondary);
                    }
                }
                throw e;
            } finally {
                cost.ifPresent(RunMeter::end);
                spark.sparkContext().setLocalProperty(ExecutorCostMeter.RUN_PROPERTY, null);
                scaler.close();
                spark.sparkContext().setJobDescription(null);
            }
        }

        private void runEpoch() throws IOException {
            TrainingState state = controller.state();
            int epoch = state.epoch();
            int budget = settings.schedule().epochBudget();
            listeners.forEach(l -> l.onEpochStarted(state));
            long start = System.nanoTime();
            describe(String.format(Locale.ROOT, "epoch %d/%d: train (batch %d x %d workers, lr %.3g)", epoch, budget,
                    state.batchPerWorker(), state.workers(), state.learningRate()));
            scaler.provide(state.workers()).ifPresent(scaled -> listeners.forEach(l -> l.onExecutorsScaled(epoch, scaled)));
            EpochFit fit = trainer.fitEpoch(data.split(Split.TRAIN), batches, epoch, settings.seed(),
                    state.batchPerWorker(), state.workers(), state.learningRate(), settings.flip());
            if (!Double.isFinite(fit.trainLoss())) {
                diverged(epoch, "train loss " + fit.trainLoss());
                return;
            }
            describe(String.format(Locale.ROOT, "epoch %d/%d: evaluate val", epoch, budget));
            Evaluation val = evaluate(trainer.network(), Split.VAL);
            if (!Double.isFinite(val.loss())) {
                diverged(epoch, "val loss " + val.loss());
                return;
            }
            listeners.forEach(l -> l.onEvaluated(epoch, val));
            updates += fit.updates();
            examplesSeen += fit.examples();
            double monitored = settings.schedule().monitor().valueIn(fit.trainLoss(), val);
            Decision decision = controller.onEpochEnd(epoch, monitored, fit.noise());
            if (bestEpoch == 0 || settings.schedule().plateau().mode().improves(monitored, bestValue, 0)) {
                bestEpoch = epoch;
                bestValue = monitored;
            }
            EpochCost epochCost = cost.map(c -> c.epochEnded(fit.rounds())).orElse(null);
            last = new EpochReport(epoch, budget, state, fit, val, updates, examplesSeen,
                    (System.nanoTime() - start) / 1e9, decision, bestEpoch, bestValue, Instant.now(), epochCost);
            EpochReport report = last;
            listeners.forEach(l -> l.onEpochEnded(report));
        }

        /** A NaN or infinite loss: fail, or roll back once to the last checkpoint at a tenth of the LR. */
        private void diverged(int epoch, String what) throws IOException {
            String reason = what + " in epoch " + epoch + " (the run diverged)";
            if (settings.onDivergence() != DivergencePolicy.ROLLBACK || rolledBack) {
                throw new TrainingDivergedException(reason + (rolledBack ? " again after its one rollback" : "")
                        + "; lower train.learning-rate" + (rolledBack ? "" : " or set train.on-divergence = rollback"));
            }
            rolledBack = true;
            Optional<RunDirectory.Checkpoint> cp = dir.latestCheckpoint();
            startFrom(cp, settings.learningRate() / DivergencePolicy.ROLLBACK_LR_DIVISOR);
            if (cp.isPresent()) {
                controller.divideLearningRate(DivergencePolicy.ROLLBACK_LR_DIVISOR);
            }
            double lr = controller.state().learningRate();
            int restoredEpoch = lastEpoch();
            double oldLr = lr * DivergencePolicy.ROLLBACK_LR_DIVISOR;
            String message = reason + ": rolled back to " + (restoredEpoch == 0 ? "the initial network"
                    : "the checkpoint of epoch " + restoredEpoch) + ", learning rate / "
                    + DivergencePolicy.ROLLBACK_LR_DIVISOR + " (train.on-divergence = rollback, once per run)";
            listeners.forEach(l -> l.onRolledBack(info.runId(), restoredEpoch, oldLr, lr, message));
        }

        /**
         * The one way a run (re)starts training: from {@code checkpoint}'s network, controller and progress when
         * there is one, else from a fresh network at {@code freshLearningRate} and the controller's initial
         * state. A new run, a resumed one and a rollback after a divergence all start here.
         */
        private void startFrom(Optional<RunDirectory.Checkpoint> checkpoint, double freshLearningRate)
                throws IOException {
            long trainExamples = data.count(Split.TRAIN);
            if (checkpoint.isPresent()) {
                RunDirectory.Checkpoint cp = checkpoint.get();
                MultiLayerNetwork restored = dir.loadNetwork(cp);
                // A run keeps the layout it started in: one begun before NHWC was the default resumes, rolls
                // back and saves its models in NCHW, and its cards say so.
                spec = spec.withLayout(NetworkFactory.inputLayout(restored));
                trainer = new ParameterAveragingTrainer(spark, restored, averaging);
                controller = PlateauController.restore(settings.schedule(), trainExamples, cp.controllerState());
                // Scale-out: the checkpoint's workers are the authority, and the epoch requests their executors.
                if (!settings.schedule().mayScaleOut() && controller.state().workers() != trainer.workers()) {
                    throw new IllegalArgumentException("cannot resume run '" + dir.run().runId() + "' on "
                            + trainer.workers() + " workers: it ran on " + controller.state().workers()
                            + " (set train.workers or give Spark as many task slots)");
                }
            } else {
                trainer = new ParameterAveragingTrainer(spark, freshNetwork(freshLearningRate), averaging);
                controller = PlateauController.start(settings.schedule(),
                        TrainingState.initial(settings.batchPerWorker(), trainer.workers(), freshLearningRate),
                        trainExamples);
            }
            last = checkpoint.map(RunDirectory.Checkpoint::report).orElse(null);
            long horizon = settings.noiseScale().horizonFor(trainExamples);
            String noiseState = last == null ? null : last.fit().noiseState();
            trainer.measureNoiseScale(noiseState == null ? NoiseScaleMeter.start(horizon)
                    : NoiseScaleMeter.restore(horizon, noiseState));
            updates = last == null ? 0 : last.updates();
            examplesSeen = last == null ? 0 : last.examplesSeen();
            bestEpoch = last == null ? 0 : last.bestEpoch();
            bestValue = last == null ? Double.NaN : last.bestValue();
        }

        private RunOutcome finish() throws IOException {
            describe("saving the final model");
            saveModel(dir.finalModel().toString(), ModelCard.FINAL, last);
            Optional<Evaluation> finalTest = Optional.empty();
            Optional<Evaluation> bestTest = Optional.empty();
            if (data.count(Split.TEST) > 0) {
                describe("final model: evaluate test");
                finalTest = Optional.of(evaluate(trainer.network(), Split.TEST));
                Evaluation f = finalTest.get();
                listeners.forEach(l -> l.onEvaluated(last.epoch(), f));
                if (bestEpoch == last.epoch()) {
                    bestTest = finalTest;
                } else if (bestEpoch > 0) {
                    describe("best model: evaluate test");
                    MultiLayerNetwork best = ModelBundle.load(dir.bestModel().toString(), hadoop()).network();
                    bestTest = Optional.of(evaluate(best, Split.TEST));
                    Evaluation b = bestTest.get();
                    listeners.forEach(l -> l.onEvaluated(bestEpoch, b));
                }
            }
            RunOutcome outcome = new RunOutcome(info.runId(), RunOutcome.Status.FINISHED, lastEpoch(), bestEpoch,
                    Optional.ofNullable(last), finalTest, bestTest, Optional.empty());
            listeners.forEach(l -> l.onRunEnded(outcome));
            return outcome;
        }

        private Evaluation evaluate(MultiLayerNetwork net, Split split) {
            return DistributedEvaluator.evaluate(spark, net, data.split(split), batches, settings.labels(),
                    split.label(), settings.evalBatch());
        }

        /** Saves {@code report}'s network as a model bundle of the given kind ("best", "final"). */
        private void saveModel(String path, String kind, EpochReport report) {
            ModelBundle.save(path, trainer.network(), ModelCard.of(info.runId(), kind, report.epoch(), settings.labels(),
                    spec, report.validation()), data.manifest(), configJson, hadoop());
        }

        private MultiLayerNetwork freshNetwork(double learningRate) {
            return NetworkFactory.network(spec, settings.optimizer().updater(learningRate, settings.momentum()));
        }

        private Configuration hadoop() {
            return spark.sparkContext().hadoopConfiguration();
        }

        private int lastEpoch() {
            return last == null ? 0 : last.epoch();
        }

        private void describe(String what) {
            spark.sparkContext().setJobDescription("train " + info.runId() + ": " + what);
        }
    }
}
