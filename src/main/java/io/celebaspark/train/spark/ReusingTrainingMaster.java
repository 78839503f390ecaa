package io.celebaspark.train.spark;

import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * DL4J's parameter-averaging master with three per-round costs removed; what it computes is unchanged
 * (tested against the stock master, round by round):
 * <ul>
 *   <li><b>No {@code count()} job.</b> {@code executeTrainingPathsHelper} counts the round's paths with a Spark
 *   job only to split them; {@link ParameterAveragingTrainer} knows the count, and hands it over with
 *   {@link #expectObjects} before each {@code fitPaths}. The count is used once: a call without it counts
 *   as DL4J does.</li>
 *   <li><b>Workers reuse their network</b> across rounds ({@link ReusingTrainingWorker}), keyed by the
 *   training session and the {@linkplain #structureKey structure} of the configuration.</li>
 *   <li><b>The previous round's broadcast is destroyed</b> when the next is made, and the last one by
 *   {@link #destroyBroadcast} when the epoch ends; DL4J never releases them, so they pile up in the block
 *   managers until the context cleaner collects them. The broadcast value holds no {@code AutoCloseable},
 *   so destroying it leaves the driver's network alone.</li>
 * </ul>
 * With training statistics on, rounds run exactly as the stock master runs them.
 */
final class ReusingTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;

    private final String session;
    private String key;
    private long expectedObjects = -1;
    private Broadcast<NetBroadcastTuple> current;

    /** @param session unique per training session: networks cached by another session are never reused */
    ReusingTrainingMaster(Builder builder, String session) {
        super(builder);
        this.session = session;
    }

    /** The number of objects (paths) the next {@code fitPaths} call trains on, so that it needs no count job. */
    void expectObjects(long objects) {
        if (objects < 1) {
            throw new IllegalArgumentException("a round trains on at least one object, got " + objects);
        }
        expectedObjects = objects;
    }

    @Override
    protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> data) {
        if (expectedObjects < 0) {
            return super.getTotalDataSetObjectCount(data);
        }
        long objects = expectedObjects;
        expectedObjects = -1;
        return objects;
    }

    /** As the stock master's, with the previous broadcast destroyed and a reusing worker. */
    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
        if (collectTrainingStats) {
            return super.getWorkerInstance(network);
        }
        destroyBroadcast();
        MultiLayerNetwork net = network.getNetwork();
        if (key == null) {
            key = session + "/" + structureKey(net.getLayerWiseConfigurations());
        }
        current = network.getSparkContext().broadcast(new NetBroadcastTuple(net.getLayerWiseConfigurations(),
                net.params(), net.getUpdater().getStateViewArray()));
        WorkerConfiguration configuration = new WorkerConfiguration(false, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new ReusingTrainingWorker(current, saveUpdater, configuration, trainingHookList, listeners,
                getRouterProvider(), key);
    }

    /** Destroys the latest round's broadcast (call when the master's last round is over). */
    void destroyBroadcast() {
        if (current != null) {
            current.destroy();
            current = null;
        }
    }

    /**
     * A digest of the configuration without what {@link ReusingTrainingWorker} copies every round (each
     * layer's updater configuration, the iteration and epoch counts): two configurations with the same key
     * build the same network, so a cached one can take the other's state.
     */
    static String structureKey(MultiLayerConfiguration conf) {
        MultiLayerConfiguration structure = conf.clone();
        structure.setIterationCount(0);
        structure.setEpochCount(0);
        for (NeuralNetConfiguration layer : structure.getConfs()) {
            if (layer.getLayer() instanceof BaseLayer base) {
                base.setIUpdater(null);
                base.setBiasUpdater(null);
            }
        }
        return UUID.nameUUIDFromBytes(structure.toJson().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
