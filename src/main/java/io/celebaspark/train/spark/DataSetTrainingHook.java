package io.celebaspark.train.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** A {@link TrainingHook} for the trainer's workers, which fit DataSets only: the MultiDataSet calls are refused. */
interface DataSetTrainingHook extends TrainingHook {
    @Override
    default void preUpdate(MultiDataSet minibatch, Model model) {
        throw new UnsupportedOperationException("the trainer feeds DataSets, not MultiDataSets");
    }

    @Override
    default void postUpdate(MultiDataSet minibatch, Model model) {
        throw new UnsupportedOperationException("the trainer feeds DataSets, not MultiDataSets");
    }
}
