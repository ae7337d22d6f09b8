package io.github.sminference.local;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The shared contract, local mode, BATCH against a model container on loopback. */
class LocalBatchContainerContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new LocalFixture(InvocationMode.BATCH, true);
    }
}
