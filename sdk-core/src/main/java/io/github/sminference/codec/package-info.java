/** Codecs: how values become request bodies and response bodies become values. */
package io.github.sminference.codec;
