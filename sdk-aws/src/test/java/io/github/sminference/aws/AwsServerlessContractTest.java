package io.github.sminference.aws;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The shared contract, serverless (4,000,000-byte limit), through the real AWS SDK client against WireMock. */
class AwsServerlessContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new WireMockFixture(InvocationMode.SERVERLESS);
    }
}
