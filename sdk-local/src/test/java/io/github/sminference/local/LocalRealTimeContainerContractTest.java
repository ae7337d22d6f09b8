package io.github.sminference.local;

import io.github.sminference.InvocationMode;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;

/** The shared contract, local mode, REAL_TIME against a model container on loopback. */
class LocalRealTimeContainerContractTest extends InferenceClientContractTest {
    @Override
    protected ContractFixture newFixture() {
        return new LocalFixture(InvocationMode.REAL_TIME, true);
    }
}
