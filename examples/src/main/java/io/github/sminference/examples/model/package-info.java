/**
 * A small, real model for the examples and the quickstart, served locally over the SageMaker model-container
 * contract so everything runs with no AWS account and no Docker.
 *
 * <ul>
 *   <li>{@link io.github.sminference.examples.model.CreditModel}: a logistic-regression scorer of the probability that
 *       a loan applicant defaults, trained in milliseconds on synthetic data with a known ground truth.</li>
 *   <li>{@link io.github.sminference.examples.model.CreditDataset}: applicants from the same population, as CSV
 *       payloads of any size (a few rows for real-time, tens of megabytes for an asynchronous endpoint, a file for
 *       batch transform).</li>
 *   <li>{@link io.github.sminference.examples.model.ModelServer}: serves a model on loopback with {@code GET /ping},
 *       {@code POST /invocations} (CSV, JSON, JSON Lines) and {@code GET /execution-parameters}, like a model
 *       container; {@code main} runs it as one.</li>
 * </ul>
 */
package io.github.sminference.examples.model;
