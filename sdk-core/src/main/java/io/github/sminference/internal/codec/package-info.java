/** Internal codec implementations; not API. */
package io.github.sminference.internal.codec;
