package io.celebaspark.preprocess;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Progress inside a shard, so a long shard on a slow cluster is never silent: counts the tensor rows each
 * finished write task reports and prints a line at most every {@code intervalMillis}. Listens on the
 * driver only; it sees what Spark's scheduler already sends there.
 */
final class DecodeProgress extends SparkListener {
    private final Consumer<String> progress;
    private final long total;
    private final long intervalMillis;
    private final long started = System.nanoTime();
    private final AtomicLong writtenInRun = new AtomicLong();
    private final AtomicLong writtenInShard = new AtomicLong();
    private volatile long offset;
    private volatile long lastPrinted = System.nanoTime();

    DecodeProgress(Consumer<String> progress, long total, long intervalMillis) {
        this.progress = progress;
        this.total = total;
        this.intervalMillis = intervalMillis;
    }

    /** Images already accounted for before the tasks this listener sees (earlier or resumed shards). */
    void startShard(long done) {
        offset = done;
        writtenInShard.set(0);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() == null || !"Success".equals(String.valueOf(taskEnd.reason()))) {
            return;
        }
        long records = taskEnd.taskMetrics().outputMetrics().recordsWritten();
        long inShard = writtenInShard.addAndGet(records);
        long inRun = writtenInRun.addAndGet(records);
        long now = System.nanoTime();
        if ((now - lastPrinted) / 1_000_000 >= intervalMillis) {
            lastPrinted = now;
            long done = Math.min(total, offset + inShard);
            double rate = inRun / ((now - started) / 1e9);
            progress.accept(String.format(Locale.ROOT, "  ... %,d/%,d images written (%.1f%%), %.0f images/s",
                    done, total, 100.0 * done / Math.max(1, total), rate));
        }
    }
}
