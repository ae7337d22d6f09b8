/**
 * The record engine of a SageMaker batch transform, reproduced on the client: cutting objects into records
 * ({@link io.github.sminference.internal.batch.RecordReader}), packing records into requests
 * ({@link io.github.sminference.internal.batch.MiniBatcher}), writing responses to the {@code .out} output
 * ({@link io.github.sminference.internal.batch.OutputAssembler}), joining outputs to inputs
 * ({@link io.github.sminference.internal.batch.Joiner}), reading an input and its output back as scored records
 * ({@link io.github.sminference.internal.batch.RecordPairer}) and the output naming rule
 * ({@link io.github.sminference.internal.batch.OutputLayout}).
 *
 * <p>Used by the local batch runner, the AWS batch adapter (to read results back) and the endpoint fan-out. Sizes
 * are always counted in bytes (unlike the Python SDK's local mode, which used {@code sys.getsizeof}), no request
 * is ever empty, and everything streams: memory is bounded by the payload limit, not by the size of a file.
 *
 * <p>Internal implementation; not API, may change in any release.
 */
package io.github.sminference.internal.batch;
