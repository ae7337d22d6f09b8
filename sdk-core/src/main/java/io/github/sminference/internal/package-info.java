/** Internal implementation; not API, may change in any release. */
package io.github.sminference.internal;
