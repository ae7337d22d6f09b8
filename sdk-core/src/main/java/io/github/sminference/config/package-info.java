/** Policies: time budgets, retries and circuit breaking. Plain immutable values. */
package io.github.sminference.config;
