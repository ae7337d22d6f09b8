package io.github.sminference.fake;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The contract on the in-memory fake, real-time: proves the shared pipeline honours it. */
class FakeRealTimeContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new FakeFixture(InvocationMode.REAL_TIME);
    }
}
