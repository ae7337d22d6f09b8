package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call throws, and returns what it threw. */
final class Thrown {

    private Thrown() {
    }

    static <T extends Throwable> T by(Class<T> type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("thrown by the call").isInstanceOf(type);
        return type.cast(thrown);
    }
}
