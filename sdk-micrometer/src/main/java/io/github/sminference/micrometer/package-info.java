/** Micrometer metrics for the SDK: {@link io.github.sminference.micrometer.MicrometerInferenceListener}. */
package io.github.sminference.micrometer;
