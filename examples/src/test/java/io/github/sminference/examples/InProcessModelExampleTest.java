package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.exception.ModelErrorException;
import org.junit.jupiter.api.Test;

/** The in-process model example behaves as its Javadoc says. */
class InProcessModelExampleTest {
    @Test
    void client_throttledOnceThenAnswers_andEmptyInputIsAModelError() {
        try (InferenceClient client = InProcessModelExample.client()) {
            InferenceResult r = client.predict(InferenceRequest.of("hello", "text/plain"));
            assertThat(r.text()).isEqualTo("5");
            assertThat(r.metadata().attempts()).isEqualTo(2);
            assertThatThrownBy(() -> client.predict(InferenceRequest.of("", "text/plain")))
                    .isInstanceOfSatisfying(ModelErrorException.class,
                            e -> assertThat(e.originalMessage()).contains("empty input"));
        }
    }
}
