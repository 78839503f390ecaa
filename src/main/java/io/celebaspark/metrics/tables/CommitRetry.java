package io.celebaspark.metrics.tables;

import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What a metrics-table write does when its Delta commit loses a race with another writer: runs sharing a
 * metrics root commit to the same tables, and two first writes into an empty root both try to create a
 * table. Delta's optimistic concurrency then rejects the later commit with a
 * {@link DeltaConcurrentModificationException} ({@code ProtocolChangedException} for two creations,
 * {@code ConcurrentAppendException}, {@code MetadataChangedException}, …) and commits nothing; Delta's
 * concurrency-control documentation says such an operation may be retried, and every write of
 * {@link MetricsStore} is safe to run again (create if absent, replace by key, or an append that did not
 * commit). Other failures are not retried.
 *
 * <p>Retries back off exponentially with jitter (two writers that collided must not collide again in
 * lock step) and each one logs a line. Pure: the write, the sleep, the randomness and the log are given.
 */
public final class CommitRetry {
    /** Attempts in all, the first included: with {@link #FIRST_DELAY_MILLIS} up to ~13 s of waiting. */
    public static final int ATTEMPTS = 8;
    public static final long FIRST_DELAY_MILLIS = 100;
    private static final long MAX_DELAY_MILLIS = 5_000;

    /** Sleeps between attempts; a test passes one that only records. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final int attempts;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Consumer<String> log;

    /**
     * @param attempts attempts in all, at least 1
     * @param random   uniform in [0, 1): the jitter
     * @param log      gets one line per retry
     */
    public CommitRetry(int attempts, Sleeper sleeper, DoubleSupplier random, Consumer<String> log) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.attempts = attempts;
        this.sleeper = sleeper;
        this.random = random;
        this.log = log;
    }

    /**
     * Runs {@code write}, again after each retryable conflict up to the attempt limit; the last conflict,
     * or any other failure, is thrown.
     *
     * @param what the write, for the log line ("commit to epochs")
     */
    public <T> T run(String what, Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isRetryable(e)) {
                    throw e;
                }
                long delay = delayMillis(attempt, random.getAsDouble());
                log.accept(String.format(Locale.ROOT, "%s conflicted with a concurrent writer (%s); retry %d of %d"
                        + " in %d ms", what, conflictOf(e).getClass().getSimpleName(), attempt, attempts - 1, delay));
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }

    /** Whether Delta rejected the commit for a concurrent one (the failure or one of its causes). */
    public static boolean isRetryable(Throwable e) {
        return conflictOf(e) != null;
    }

    /**
     * The wait before retry {@code retry} (1-based): {@link #FIRST_DELAY_MILLIS} doubled per retry, capped at
     * 5 s, times a jitter factor between 0.5 and 1.5.
     */
    static long delayMillis(int retry, double random) {
        long base = Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(retry - 1, 20));
        return Math.round(base * (0.5 + random));
    }

    private static Throwable conflictOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeltaConcurrentModificationException) {
                return t;
            }
        }
        return null;
    }
}
