/**
 * JUnit 5 extensions and helpers that start real emulators on loopback for the project's tests: {@link
 * io.github.sminference.testsupport.MotoServer} / {@link io.github.sminference.testsupport.MotoExtension} (moto:
 * SageMaker runtime and S3), {@link io.github.sminference.testsupport.SageMakerWireMock} / {@link
 * io.github.sminference.testsupport.SageMakerWireMockExtension} (SageMaker runtime errors, faults and event-stream
 * responses on WireMock) and {@link io.github.sminference.testsupport.S3ProxyServer} / {@link
 * io.github.sminference.testsupport.S3ProxyServerExtension} (embedded s3proxy).
 */
package io.github.sminference.testsupport;
