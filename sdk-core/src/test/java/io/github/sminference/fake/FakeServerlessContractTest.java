package io.github.sminference.fake;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The contract on the in-memory fake, serverless (4,000,000-byte limit). */
class FakeServerlessContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new FakeFixture(InvocationMode.SERVERLESS);
    }
}
