package io.github.sminference.aws;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The shared contract, real-time, through the real AWS SDK client against WireMock. */
class AwsRealTimeContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new WireMockFixture(InvocationMode.REAL_TIME);
    }
}
