package io.celebaspark.model;

import io.celebaspark.fs.HadoopFiles;
import io.celebaspark.tensors.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A trained model on disk: one folder (any Hadoop path) holding everything needed to use it without the run
 * that made it, so a model copied elsewhere still predicts exactly as it was evaluated (docs/architecture.md):
 * <ul>
 *   <li>{@value #MODEL_FILE}: the DL4J network, with its updater state (so training can continue from it)</li>
 *   <li>{@value #CARD_FILE}: the {@link ModelCard} (labels in output order, input shape and layout, provenance,
 *       scores)</li>
 *   <li>{@value #MANIFEST_FILE}: the training data's manifest, verbatim: how inputs must be preprocessed and
 *       normalised</li>
 *   <li>{@value #CONFIG_FILE}: the run's resolved configuration</li>
 * </ul>
 * {@link #save} publishes a bundle whole or not at all: it writes a hidden sibling folder and renames it into
 * place, so a crash mid-save never leaves a folder that looks like a bundle but is not one.
 *
 * @param network   the restored network (with updater state)
 * @param config    the resolved configuration JSON, as saved
 */
public record ModelBundle(MultiLayerNetwork network, ModelCard card, Manifest manifest, String config) {

    static {
        Dl4jRuntime.enableHelpers(); // restored networks get their oneDNN helpers too (predict has no Spark session)
    }

    public static final String MODEL_FILE = "model.zip";
    public static final String CARD_FILE = "model.json";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String CONFIG_FILE = "config.json";
    private static final List<String> FILES = List.of(MODEL_FILE, CARD_FILE, MANIFEST_FILE, CONFIG_FILE);
    private static final String CONTENTS = "a model bundle (written by train) is a folder holding "
            + String.join(", ", FILES);

    /**
     * Writes a bundle to {@code dir}, replacing a bundle already there.
     *
     * @throws IllegalArgumentException when the card does not describe the network or the data (label count
     *                                  vs outputs, input layout vs network, input shape vs manifest)
     */
    public static void save(String dir, MultiLayerNetwork net, ModelCard card, Manifest manifest, String configJson,
                            Configuration hadoopConf) {
        checkLabels(card, net, dir);
        checkLayout(card, net, dir);
        checkInput(card, manifest, dir);
        Path target = new Path(dir);
        if (target.getParent() == null) {
            throw new IllegalArgumentException("a model bundle needs a folder of its own, not " + dir);
        }
        if (configJson == null) {
            throw new IllegalArgumentException("the resolved configuration is required (config.json)");
        }
        FileSystem fs = HadoopFiles.fileSystem(target, hadoopConf);
        try {
            HadoopFiles.writeFolder(fs, target, staging -> {
                try (FSDataOutputStream out = fs.create(new Path(staging, MODEL_FILE), false)) {
                    ModelSerializer.writeModel(net, out, true);
                }
                HadoopFiles.writeText(fs, new Path(staging, CARD_FILE), card.toJson());
                HadoopFiles.writeText(fs, new Path(staging, MANIFEST_FILE), manifest.toJson());
                HadoopFiles.writeText(fs, new Path(staging, CONFIG_FILE), configJson);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the bundle in {@code dir}.
     *
     * @throws NotAModelBundleException when there is no folder or it lacks one of the bundle's files (named)
     * @throws IllegalArgumentException naming the path and what is wrong: a {@value #MODEL_FILE} that is not a DL4J network, a
     *                                  card of a format this build does not read, or a card that does not
     *                                  match the network or the manifest
     */
    public static ModelBundle load(String dir, Configuration hadoopConf) {
        Path root = new Path(dir);
        try {
            FileSystem fs = HadoopFiles.fileSystem(root, hadoopConf);
            FileStatus status;
            try {
                status = fs.getFileStatus(root);
            } catch (FileNotFoundException e) {
                throw new NotAModelBundleException("no model at " + dir + ": " + CONTENTS);
            }
            if (!status.isDirectory()) {
                throw new NotAModelBundleException(dir + " is a file, not a model bundle: " + CONTENTS
                        + "; give the folder");
            }
            for (String file : FILES) {
                if (!fs.exists(new Path(root, file))) {
                    throw new NotAModelBundleException(dir + " is not a model bundle: it has no " + file + "; "
                            + CONTENTS);
                }
            }
            ModelCard card = ModelCard.fromJson(HadoopFiles.readText(fs, new Path(root, CARD_FILE)), new Path(root, CARD_FILE).toString());
            Manifest manifest = Manifest.fromJson(HadoopFiles.readText(fs, new Path(root, MANIFEST_FILE)),
                    new Path(root, MANIFEST_FILE).toString());
            String config = HadoopFiles.readText(fs, new Path(root, CONFIG_FILE));
            MultiLayerNetwork net = restore(fs, new Path(root, MODEL_FILE));
            checkLabels(card, net, dir);
            checkLayout(card, net, dir);
            checkInput(card, manifest, dir);
            return new ModelBundle(net, card, manifest, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Probabilities the network outputs per example: one per label. */
    static long outputs(MultiLayerNetwork net) {
        var layers = net.getLayerWiseConfigurations().getConfs();
        if (layers.get(layers.size() - 1).getLayer() instanceof FeedForwardLayer out) {
            return out.getNOut();
        }
        throw new IllegalArgumentException("the network's last layer is not an output layer");
    }

    private static void checkLabels(ModelCard card, MultiLayerNetwork net, String dir) {
        long outputs = outputs(net);
        if (outputs != card.labels().size()) {
            throw new IllegalArgumentException("model card of " + dir + " lists " + card.labels().size()
                    + " labels " + card.labels() + " but the network has " + outputs + " outputs");
        }
    }

    /** A card's layout that is not the network's would make predict feed it transposed images. */
    private static void checkLayout(ModelCard card, MultiLayerNetwork net, String dir) {
        CNN2DFormat layout = NetworkFactory.inputLayout(net);
        if (card.inputLayout() != layout) {
            throw new IllegalArgumentException("model card of " + dir + " says the input is " + card.inputLayout()
                    + " but the network takes " + layout);
        }
    }

    private static void checkInput(ModelCard card, Manifest manifest, String dir) {
        if (card.inputHeight() != manifest.height() || card.inputWidth() != manifest.width()
                || card.inputChannels() != manifest.channels()) {
            throw new IllegalArgumentException("model " + dir + " takes " + card.inputChannels() + "x"
                    + card.inputHeight() + "x" + card.inputWidth() + " inputs but its data manifest describes "
                    + manifest.channels() + "x" + manifest.height() + "x" + manifest.width()
                    + " tensors: the model was not trained on this data");
        }
    }

    private static MultiLayerNetwork restore(FileSystem fs, Path path) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            return NetworkFactory.withForwardCache(ModelSerializer.restoreMultiLayerNetwork(in, true));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(path + " is not a DL4J network saved by train: " + e.getMessage(), e);
        }
    }
}
