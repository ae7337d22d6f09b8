/** Internal; not API. */
package io.github.sminference.aws.internal.error;
