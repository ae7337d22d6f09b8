/**
 * Local mode: every {@link io.github.sminference.InvocationMode} on this machine, against a SageMaker model
 * container or an in-process {@link io.github.sminference.local.ModelHandler}. Build clients with
 * {@link io.github.sminference.local.LocalInferenceClient#builder()}.
 */
package io.github.sminference.local;
