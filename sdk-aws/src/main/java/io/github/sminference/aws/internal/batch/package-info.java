/** Internal; not API. Batch transform on AWS: transform jobs, input staging, output streaming. */
package io.github.sminference.aws.internal.batch;
