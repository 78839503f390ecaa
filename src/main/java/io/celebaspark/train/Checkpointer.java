package io.celebaspark.train;

import io.celebaspark.model.ModelCard;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Saves every epoch's end into the run folder: the checkpoint (network with updater state, controller
 * state, the epoch's report) and, when the epoch is the best so far, the {@code best} model bundle. It
 * listens first, so an epoch's metrics rows are never written before the checkpoint they describe.
 */
final class Checkpointer implements TrainingListener {
    /** Writes a model bundle of one kind ("best", "final") for an epoch. */
    @FunctionalInterface
    interface ModelSaver {
        void save(String path, String kind, EpochReport report);
    }

    private final RunDirectory dir;
    private final Supplier<MultiLayerNetwork> network;
    private final Supplier<String> controllerState;
    private final int keep;
    private final ModelSaver models;

    Checkpointer(RunDirectory dir, Supplier<MultiLayerNetwork> network, Supplier<String> controllerState, int keep,
                 ModelSaver models) {
        this.dir = dir;
        this.network = network;
        this.controllerState = controllerState;
        this.keep = keep;
        this.models = models;
    }

    @Override
    public void onEpochEnded(EpochReport report) {
        try {
            dir.saveCheckpoint(report, network.get(), controllerState.get(), keep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of epoch " + report.epoch() + " under "
                    + dir.root() + ": " + e.getMessage(), e);
        }
        if (report.isBest()) {
            models.save(dir.bestModel().toString(), ModelCard.BEST, report);
        }
    }
}
