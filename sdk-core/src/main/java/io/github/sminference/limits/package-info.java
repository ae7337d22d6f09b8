/** Per-mode limits, with their sources, enforced before anything is sent. */
package io.github.sminference.limits;
