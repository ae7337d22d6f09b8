/**
 * Amazon SageMaker adapters for {@link io.github.sminference.InferenceClient}: build clients with
 * {@link io.github.sminference.aws.AwsInferenceClient#builder()}.
 */
package io.github.sminference.aws;
