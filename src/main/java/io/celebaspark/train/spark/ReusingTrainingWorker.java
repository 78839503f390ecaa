package io.celebaspark.train.spark;

import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.core.storage.listener.RoutingIterationListener;
import org.deeplearning4j.core.util.UIDProvider;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * DL4J's parameter-averaging worker, except that a Spark task thread keeps the network it trained in the
 * previous round and loads the round's broadcast state into it, instead of building a new network and
 * updater every round ({@code ParameterAveragingTrainingWorker.getInitialModel}: configuration clone, layer
 * instantiation, helpers, workspaces, a new {@code Solver}).
 *
 * <p>Why the result is the same as the stock worker's (checked against it by
 * {@code ReusingTrainingMasterTest}): a stock worker's network is a function of the broadcast
 * {@link NetBroadcastTuple} only, i.e. of the configuration, the parameters (BatchNorm's running statistics
 * included) and the updater state. The cached network is reused only when its {@link #key} matches, which
 * the master derives from the training session and the configuration with everything this class copies
 * each round taken out ({@link ReusingTrainingMaster#structureKey}); the rest is copied every round:
 * <ul>
 *   <li>the parameters and the updater state, <em>copied</em> (in local mode the broadcast value is the
 *   driver's live network, which must never be aliased);</li>
 *   <li>each layer's updater configuration (learning rate or schedule, set on the driver between epochs);
 *   when one changed the updater is rebuilt from the copied state, as {@code NetworkUtils.setLearningRate}
 *   does, because DL4J groups parameters with equal updater configurations into one state block;</li>
 *   <li>the iteration and epoch counts (Adam's bias correction reads the iteration count);</li>
 *   <li>the listeners, attached as the stock worker attaches them.</li>
 * </ul>
 * Any other case (first round on a thread, another session or network, training statistics on, no updater
 * state in the broadcast) falls back to the stock {@code getInitialModel()}, whose network is then cached.
 *
 * <p>One network per task thread: Spark never runs two tasks on one thread at once, and a thread keeps only
 * its latest network, so memory is bounded by the task slots; the network is freed when the thread ends or
 * the next session replaces it.
 */
final class ReusingTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;

    private static final ThreadLocal<CachedNetwork> CACHE = new ThreadLocal<>();

    private record CachedNetwork(String key, MultiLayerNetwork net) {
    }

    private final Broadcast<NetBroadcastTuple> broadcast;
    private final String key;
    private final Collection<TrainingListener> listeners;
    private final StatsStorageRouterProvider routerProvider;

    ReusingTrainingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater, WorkerConfiguration configuration,
                          Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
                          StatsStorageRouterProvider routerProvider, String key) {
        super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
        this.broadcast = broadcast;
        this.key = key;
        this.listeners = listeners;
        this.routerProvider = routerProvider;
    }

    @Override
    public MultiLayerNetwork getInitialModel() {
        if (getDataConfiguration().isCollectTrainingStats()) {
            return super.getInitialModel();
        }
        NetBroadcastTuple tuple = broadcast.getValue();
        CachedNetwork cached = CACHE.get();
        if (cached != null && cached.key().equals(key) && loadInto(cached.net(), tuple)) {
            attachListeners(cached.net(), tuple.getCounter().getAndIncrement());
            return cached.net();
        }
        MultiLayerNetwork net = super.getInitialModel();
        CACHE.set(new CachedNetwork(key, net));
        return net;
    }

    /** The round's broadcast, for the master to destroy once the round is over. */
    Broadcast<NetBroadcastTuple> broadcast() {
        return broadcast;
    }

    /** Copies the round's state into {@code net}; false (nothing changed) if it does not fit. */
    private static boolean loadInto(MultiLayerNetwork net, NetBroadcastTuple tuple) {
        INDArray params = tuple.getParameters();
        INDArray state = tuple.getUpdaterState();
        MultiLayerConfiguration source = tuple.getConfiguration();
        MultiLayerConfiguration target = net.getLayerWiseConfigurations();
        INDArray ownState = net.getUpdater().getStateViewArray();
        if (state == null || ownState == null || state.length() != ownState.length()
                || params.length() != net.numParams() || source.getConfs().size() != target.getConfs().size()) {
            return false;
        }
        boolean updatersChanged = false;
        for (int i = 0; i < source.getConfs().size(); i++) {
            updatersChanged |= copyUpdaters(source.getConf(i).getLayer(), target.getConf(i).getLayer());
        }
        target.setIterationCount(source.getIterationCount());
        target.setEpochCount(source.getEpochCount());
        net.setParams(params);
        if (updatersChanged) {
            net.setUpdater(new MultiLayerUpdater(net, state.dup()));
        } else {
            ownState.assign(state);
        }
        Nd4j.getExecutioner().commit();
        return true;
    }

    /** Gives {@code to} copies of {@code from}'s updater configurations; true if one differed. */
    private static boolean copyUpdaters(Layer from, Layer to) {
        if (!(from instanceof BaseLayer source) || !(to instanceof BaseLayer target)) {
            return false;
        }
        boolean changed = false;
        if (!Objects.equals(source.getIUpdater(), target.getIUpdater())) {
            target.setIUpdater(copy(source.getIUpdater()));
            changed = true;
        }
        if (!Objects.equals(source.getBiasUpdater(), target.getBiasUpdater())) {
            target.setBiasUpdater(copy(source.getBiasUpdater()));
            changed = true;
        }
        return changed;
    }

    private static IUpdater copy(IUpdater updater) {
        return updater == null ? null : updater.clone();
    }

    /**
     * As the stock worker's private {@code configureListeners}: each listener that routes statistics gets
     * the master's router and a worker id unique in the round, then the network gets the list (none when
     * the master has none, as a new network has none).
     */
    private void attachListeners(MultiLayerNetwork net, int workerIndex) {
        List<TrainingListener> attached = new ArrayList<>();
        for (TrainingListener listener : listeners == null ? List.<TrainingListener>of() : listeners) {
            if (routerProvider != null && listener instanceof RoutingIterationListener routing) {
                routing.setStorageRouter(routerProvider.getRouter());
                routing.setWorkerID(UIDProvider.getJVMUID() + "_" + workerIndex);
            }
            attached.add(listener);
        }
        net.setListeners(attached);
    }
}
