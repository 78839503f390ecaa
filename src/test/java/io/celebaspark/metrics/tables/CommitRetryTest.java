package io.celebaspark.metrics.tables;

import io.delta.exceptions.ConcurrentAppendException;
import io.delta.exceptions.ProtocolChangedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitRetryTest {
    private final List<Long> sleeps = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final CommitRetry retry = new CommitRetry(4, sleeps::add, () -> 0.5, log::add);

    /** A write that loses its first {@code conflicts} commits to a concurrent writer, then commits. */
    private static final class Write {
        private final AtomicInteger calls = new AtomicInteger();
        private final int conflicts;

        Write(int conflicts) {
            this.conflicts = conflicts;
        }

        String get() {
            if (calls.incrementAndGet() <= conflicts) {
                throw new ConcurrentAppendException("files were added to partition [run_id=b] by a concurrent update");
            }
            return "committed";
        }
    }

    @Test
    void aConflictIsRetriedWithAGrowingWaitAndOneLogLinePerRetry() {
        Write write = new Write(2);
        assertEquals("committed", retry.run("commit to epochs", write::get));
        assertEquals(3, write.calls.get());
        assertEquals(List.of(100L, 200L), sleeps);
        assertEquals(List.of("commit to epochs conflicted with a concurrent writer (ConcurrentAppendException); retry 1"
                        + " of 3 in 100 ms",
                "commit to epochs conflicted with a concurrent writer (ConcurrentAppendException); retry 2 of 3 in 200 ms"),
                log);
    }

    @Test
    void theLastConflictIsThrownWhenTheAttemptsAreSpent() {
        Write write = new Write(10);
        assertThrows(ConcurrentAppendException.class, () -> retry.run("commit to runs", write::get));
        assertEquals(4, write.calls.get());
        assertEquals(3, log.size());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("disk full");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> retry.run("commit to runs", () -> {
            calls.incrementAndGet();
            throw failure;
        })));
        assertEquals(1, calls.get());
        assertTrue(log.isEmpty());
    }

    @Test
    void aConflictWrappedInAnotherExceptionIsRetryable() {
        assertTrue(CommitRetry.isRetryable(new RuntimeException("write failed",
                new ProtocolChangedException("two writers wrote to an empty directory"))));
        assertFalse(CommitRetry.isRetryable(new RuntimeException("write failed", new IllegalStateException())));
    }

    @Test
    void theWaitDoublesUpToACapWithJitterOfHalfEitherWay() {
        assertEquals(50, CommitRetry.delayMillis(1, 0.0));
        assertEquals(150, CommitRetry.delayMillis(1, 1.0));
        assertEquals(800, CommitRetry.delayMillis(4, 0.5));
        assertEquals(5_000, CommitRetry.delayMillis(30, 0.5));
    }
}
