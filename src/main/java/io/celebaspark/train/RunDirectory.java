package io.celebaspark.train;

import io.celebaspark.fs.HadoopFiles;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.tensors.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code RUNS_DIR/<run_id>/} (docs/architecture.md) on any Hadoop file system: {@code run.json} (the run's
 * resolved configuration and where its data and metrics are, so {@code --resume RUN_ID} needs nothing
 * else), {@code checkpoints/epoch-NNNN/} and the {@code best/} and {@code final/} model bundles.
 *
 * <p>A checkpoint holds the network with its updater state (Adam's moments, momentum), the controller's
 * state after the epoch's decision, and the epoch's report (running totals, best epoch, the rows to replay
 * into the metrics tables). The random state is not stored because nothing needs it: data order, flips
 * and the training master's splits are all derived from ({@code train.seed}, epoch), so epoch e+1 after a
 * resume draws exactly what it would have drawn. It is written to a hidden staging folder and renamed into
 * place, so a crash mid-write leaves the previous checkpoint as the latest one.
 */
public final class RunDirectory {
    private static final String RUN_FILE = "run.json";
    private static final String CHECKPOINTS = "checkpoints";
    private static final String MODEL = "model.zip";
    private static final String CONTROLLER = "controller.txt";
    private static final String REPORT = "report.json";
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch-(\\d{4,})");

    /**
     * What a run folder says about its run.
     *
     * @param runId       the run's id
     * @param config      the resolved configuration (JSON) it runs with
     * @param dataDir     the data folder it trains on
     * @param metricsDir  the metrics root it records into
     * @param codeVersion the build that started it
     * @param manifestSha SHA-256 of the data's manifest.json: a resume refuses data that changed
     * @param startedAt   when it first started
     */
    public record RunRecordFile(String runId, String config, String dataDir, String metricsDir, String codeVersion,
                                String manifestSha, Instant startedAt) {
    }

    /** A checkpoint: the epoch's report, the controller's state, and where the network is. */
    public record Checkpoint(EpochReport report, String controllerState, Path model) {
    }

    private final FileSystem fs;
    private final Path root;
    private final RunRecordFile run;

    private RunDirectory(FileSystem fs, Path root, RunRecordFile run) {
        this.fs = fs;
        this.root = root;
        this.run = run;
    }

    /**
     * A folder for a new run.
     *
     * @throws io.celebaspark.fs.FolderExistsException when the run folder exists already (a run id is used
     *                                                   once; an unfinished run is continued with {@code --resume})
     */
    public static RunDirectory create(String runsDir, RunRecordFile run, Configuration conf) throws IOException {
        Path root = new Path(runsDir, run.runId());
        FileSystem fs = HadoopFiles.fileSystem(root, conf);
        HadoopFiles.requireAbsent(fs, root, "run folder", "continue that run with --resume " + run.runId()
                + ", or choose another --run-id");
        fs.mkdirs(new Path(root, CHECKPOINTS));
        RunFiles.writeJson(fs, new Path(root, RUN_FILE), run);
        return new RunDirectory(fs, root, run);
    }

    /** The folder of an existing run, for {@code --resume}. */
    public static RunDirectory open(String runsDir, String runId, Configuration conf) throws IOException {
        return find(runsDir, runId, conf).orElseThrow(() -> new IllegalArgumentException("cannot resume run '" + runId
                + "': no " + new Path(new Path(runsDir, runId), RUN_FILE)
                + " (is --output the RUNS_DIR the run was started with?)"));
    }

    /** The folder of a run, or empty when RUNS_DIR holds none (no {@code run.json}) for it. */
    public static Optional<RunDirectory> find(String runsDir, String runId, Configuration conf) throws IOException {
        Path root = new Path(runsDir, runId);
        FileSystem fs = HadoopFiles.fileSystem(root, conf);
        try {
            return Optional.of(new RunDirectory(fs, root, RunFiles.readJson(fs, new Path(root, RUN_FILE),
                    RunRecordFile.class)));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    public RunRecordFile run() {
        return run;
    }

    public Path root() {
        return root;
    }

    public Path bestModel() {
        return new Path(root, "best");
    }

    public Path finalModel() {
        return new Path(root, "final");
    }

    /**
     * The manifest of the data the run trained on, as its best model recorded it (every model bundle carries
     * its data's manifest), so that a resume on other data can say what differs; empty before the run's
     * first epoch.
     */
    public Optional<Manifest> trainedOn() throws IOException {
        Path file = new Path(bestModel(), ModelBundle.MANIFEST_FILE);
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Manifest.fromJson(HadoopFiles.readText(fs, file), file.toString()));
    }

    /** Saves the end of an epoch, then deletes all but the newest {@code keep} checkpoints. */
    public void saveCheckpoint(EpochReport report, MultiLayerNetwork net, String controllerState, int keep)
            throws IOException {
        HadoopFiles.writeFolder(fs, checkpointPath(report.epoch()), staging -> {
            try (FSDataOutputStream out = fs.create(new Path(staging, MODEL), true)) {
                ModelSerializer.writeModel(net, out, true);
            }
            HadoopFiles.writeText(fs, new Path(staging, CONTROLLER), controllerState);
            RunFiles.writeJson(fs, new Path(staging, REPORT), report);
        });
        List<Integer> epochs = checkpointEpochs();
        for (int i = 0; i < epochs.size() - keep; i++) {
            fs.delete(checkpointPath(epochs.get(i)), true);
        }
    }

    /** The newest complete checkpoint, if any epoch completed. */
    public Optional<Checkpoint> latestCheckpoint() throws IOException {
        List<Integer> epochs = checkpointEpochs();
        if (epochs.isEmpty()) {
            return Optional.empty();
        }
        Path dir = checkpointPath(epochs.get(epochs.size() - 1));
        try {
            return Optional.of(new Checkpoint(RunFiles.readJson(fs, new Path(dir, REPORT), EpochReport.class),
                    HadoopFiles.readText(fs, new Path(dir, CONTROLLER)), new Path(dir, MODEL)));
        } catch (IOException | RuntimeException e) {
            throw new IOException("checkpoint " + dir + " is unreadable (" + e.getMessage() + "); delete it to resume"
                    + " from the one before", e);
        }
    }

    /** The network of a checkpoint, with its updater state. */
    public MultiLayerNetwork loadNetwork(Checkpoint checkpoint) throws IOException {
        try (FSDataInputStream in = fs.open(checkpoint.model())) {
            return NetworkFactory.withForwardCache(ModelSerializer.restoreMultiLayerNetwork(in, true));
        }
    }

    private Path checkpointPath(int epoch) {
        return new Path(new Path(root, CHECKPOINTS), String.format("epoch-%04d", epoch));
    }

    private List<Integer> checkpointEpochs() throws IOException {
        List<Integer> epochs = new ArrayList<>();
        for (FileStatus status : fs.listStatus(new Path(root, CHECKPOINTS))) {
            Matcher m = CHECKPOINT_NAME.matcher(status.getPath().getName());
            if (status.isDirectory() && m.matches()) {
                epochs.add(Integer.parseInt(m.group(1)));
            }
        }
        epochs.sort(Comparator.naturalOrder());
        return epochs;
    }
}
