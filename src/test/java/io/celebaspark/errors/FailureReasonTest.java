package io.celebaspark.errors;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureReasonTest {
    @Test
    void aMessageIsItsOwnReason() {
        assertEquals("disk full", FailureReason.of(new IllegalStateException("disk full")));
    }

    @Test
    void aWrapperWithoutMessageGivesTheFirstMessageInItsCauses() {
        Exception wrapped = new RuntimeException((String) null,
                new UncheckedIOException(null, new IOException("no space left on /data")));
        assertEquals("no space left on /data", FailureReason.of(wrapped));
    }

    @Test
    void noMessageAnywhereGivesTheClassName() {
        assertEquals("java.lang.NullPointerException",
                FailureReason.of(new RuntimeException((String) null, new NullPointerException())));
    }
}
