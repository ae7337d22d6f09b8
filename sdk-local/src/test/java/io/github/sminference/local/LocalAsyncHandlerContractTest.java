package io.github.sminference.local;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The shared contract, local mode, ASYNC_ENDPOINT against an in-process model. */
class LocalAsyncHandlerContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new LocalFixture(InvocationMode.ASYNC_ENDPOINT, false);
    }
}
