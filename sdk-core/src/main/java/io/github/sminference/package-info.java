/**
 * The SDK's public API: {@link io.github.sminference.InferenceClient}, requests, results, streams, datasets and job
 * handles. Nothing here depends on AWS; adapters ({@code sagemaker-inference-aws}, {@code sagemaker-inference-local})
 * implement it.
 */
package io.github.sminference;
