package io.celebaspark.preprocess;

import io.celebaspark.tensors.TableSchemas;
import org.apache.spark.util.AccumulatorV2;

/**
 * Gathers {@link DatasetStatistics} from the decode tasks while they write the tensors, so that counts,
 * label rates and pixel sums cost no second pass over the data. Updates happen inside the write action,
 * where Spark applies each successful task's update exactly once, whatever was retried.
 */
final class StatisticsAccumulator extends AccumulatorV2<DatasetStatistics, DatasetStatistics> {
    private static final long serialVersionUID = 1L;

    private DatasetStatistics statistics = new DatasetStatistics(TableSchemas.CHANNELS);

    @Override
    public boolean isZero() {
        return statistics.totalImages() == 0 && statistics.rejectsByReason().isEmpty();
    }

    @Override
    public AccumulatorV2<DatasetStatistics, DatasetStatistics> copy() {
        StatisticsAccumulator copy = new StatisticsAccumulator();
        copy.statistics.merge(statistics);
        return copy;
    }

    @Override
    public void reset() {
        statistics = new DatasetStatistics(TableSchemas.CHANNELS);
    }

    @Override
    public void add(DatasetStatistics v) {
        statistics.merge(v);
    }

    @Override
    public void merge(AccumulatorV2<DatasetStatistics, DatasetStatistics> other) {
        statistics.merge(other.value());
    }

    @Override
    public DatasetStatistics value() {
        return statistics;
    }
}
