package io.github.sminference.local;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The shared contract, local mode, SERVERLESS against an in-process model. */
class LocalServerlessHandlerContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new LocalFixture(InvocationMode.SERVERLESS, false);
    }
}
