/** Internal JSON reading; not API. */
package io.github.sminference.internal.json;
