package io.celebaspark.train.spark;

import io.celebaspark.model.TensorBatches;
import io.celebaspark.spark.TaskThreads;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * Turns a {@link BatchFiles} minibatch into the normalised DL4J DataSet on the worker, with the same
 * {@link TensorBatches} the rest of the project uses, so pixels travel and rest as bytes.
 *
 * <p>It also reseeds ND4J's thread-local generator with the batch's seed: DL4J's worker draws dropout masks
 * from it, and which Spark task thread runs which batch is not fixed, so without this the same (seed,
 * epoch) would give different parameters run to run. The worker loads a batch right before fitting it
 * (prefetch is off), so the seed applies to that batch's step. For the same reason it gives the thread the
 * task team of OpenMP threads ({@link TaskThreads#useTaskTeam}): the team changes a step's result, and a pooled task
 * thread keeps whatever team it was left with. Both masters, stock and reusing, load every batch through here.
 */
final class BatchFileLoader implements DataSetLoader {
    private static final long serialVersionUID = 1L;

    private final TensorBatches batches;

    BatchFileLoader(TensorBatches batches) {
        this.batches = batches;
    }

    @Override
    public DataSet load(Source source) throws IOException {
        BatchFiles.Batch batch;
        try (InputStream in = source.getInputStream()) {
            batch = BatchFiles.readBatch(in, source.getPath());
        }
        Nd4j.getRandom().setSeed(batch.seed());
        TaskThreads.useTaskTeam();
        return batch.flip() ? batches.toDataSet(batch.rows(), new SplittableRandom(batch.seed()))
                : batches.toDataSet(batch.rows());
    }
}
