package io.github.sminference.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.InvalidRequestException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared check: a builder rejects a value with a message naming the field and the value. */
final class PolicyAssertions {
    private PolicyAssertions() {
    }

    static void assertRejected(ThrowingCallable build, String field, String value) {
        assertThatThrownBy(build).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(field)
                .hasMessageContaining(value)
                .satisfies(e -> {
                    InvalidRequestException ire = (InvalidRequestException) e;
                    assertThat(ire.field()).isEqualTo(field);
                    assertThat(ire.value()).isEqualTo(value);
                });
    }
}
