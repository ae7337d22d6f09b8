package io.github.sminference.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.fake.FakeClientBuilder;
import io.github.sminference.fake.FakeEndpointTransport;
import io.github.sminference.limits.ModeLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaseClientBuilderTest {
    private final FakeEndpointTransport fake = new FakeEndpointTransport();

    @AfterEach
    void closeFake() {
        fake.close();
    }

    private FakeClientBuilder builder(String endpoint) {
        return new FakeClientBuilder(fake).endpointName(endpoint).mode(InvocationMode.REAL_TIME);
    }

    private static void assertInvalid(Runnable build, String field) {
        assertThatThrownBy(build::run).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(field)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "my-endpoint", "Endpoint-01", "a--b", "x1y2z3"})
    void build_validEndpointName_accepted(String name) {
        try (InferenceClient client = builder(name).build()) {
            assertThat(client.mode()).isEqualTo(InvocationMode.REAL_TIME);
            assertThat(client.toString()).contains(name);
        }
    }

    @Test
    void build_endpointNameOf63Characters_accepted() {
        try (InferenceClient client = builder("e".repeat(63)).build()) {
            assertThat(client.mode()).isEqualTo(InvocationMode.REAL_TIME);
        }
        try (InferenceClient client = builder("a" + "-b".repeat(31)).build()) {
            assertThat(client).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-abc", "abc-", "a_b", "a.b", "a b", "caf\u00e9"})
    void build_invalidEndpointName_rejectedNamingField(String name) {
        assertInvalid(() -> builder(name).build(), "endpointName");
    }

    @Test
    void build_endpointNameOf64Letters_rejected() {
        assertInvalid(() -> builder("e".repeat(64)).build(), "endpointName");
    }

    @Test
    void build_endpointNameOf64CharactersWithHyphens_rejected() {
        String name = "a" + "-".repeat(62) + "b";
        assertThat(name).hasSize(64);
        assertInvalid(() -> builder(name).build(), "endpointName");
        assertInvalid(() -> builder("a" + "-".repeat(100) + "b").build(), "endpointName");
    }

    @Test
    void build_missingEndpointName_rejected() {
        assertInvalid(() -> new FakeClientBuilder(fake).mode(InvocationMode.REAL_TIME).build(), "endpointName");
    }

    @Test
    void build_missingMode_rejectedNamingMode() {
        assertInvalid(() -> new FakeClientBuilder(fake).endpointName("ep").build(), "mode");
    }

    @Test
    void build_limitsOfAnotherMode_rejectedNamingBothModes() {
        assertThatThrownBy(() -> builder("ep").limits(ModeLimits.defaults(InvocationMode.SERVERLESS)).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("SERVERLESS")
                .hasMessageContaining("REAL_TIME")
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("limits"));
    }

    @Test
    void build_limitOverrides_appliedBeforeSending() {
        try (InferenceClient client = builder("ep").limits(l -> l.maxRequestBytes(10)).build()) {
            assertThatThrownBy(() -> client.predict(InferenceRequest.of("12345678901", "text/plain")))
                    .isInstanceOf(PayloadTooLargeException.class)
                    .satisfies(e -> assertThat(((PayloadTooLargeException) e).limit()).isEqualTo(10));
            assertThat(fake.received()).isEmpty();
            fake.answer("ok".getBytes(StandardCharsets.UTF_8), "text/plain", null);
            assertThat(client.predict(InferenceRequest.of("1234567890", "text/plain")).text()).isEqualTo("ok");
        }
    }

    @Test
    void build_explicitLimitsForSameMode_used() {
        ModeLimits limits = ModeLimits.defaults(InvocationMode.REAL_TIME).toBuilder().maxRequestBytes(3).build();
        try (InferenceClient client = builder("ep").limits(limits).build()) {
            assertThatThrownBy(() -> client.predict(InferenceRequest.of("abcd", "text/plain")))
                    .isInstanceOf(PayloadTooLargeException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10_001})
    void build_maxConcurrencyOutOfRange_rejected(int max) {
        assertInvalid(() -> builder("ep").maxConcurrency(max).build(), "maxConcurrency");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10_000})
    void build_maxConcurrencyAtBounds_accepted(int max) {
        try (InferenceClient client = builder("ep").maxConcurrency(max).build()) {
            assertThat(client).isNotNull();
        }
    }

    @Test
    void setters_nullPolicies_rejected() {
        assertThatThrownBy(() -> builder("ep").retry(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder("ep").timeouts(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder("ep").circuitBreaker(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder("ep").timeSource(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder("ep").addListener(null)).isInstanceOf(NullPointerException.class);
    }
}
