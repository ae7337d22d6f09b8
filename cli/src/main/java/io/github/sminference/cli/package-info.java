/**
 * The {@code sminference} command-line tool over the SDK: {@code predict}, {@code submit}, {@code wait},
 * {@code status}, {@code score} and {@code limits}, against AWS or local mode. Its only public type is
 * {@link io.github.sminference.cli.Main}; the commands are documented in {@code docs/CLI.md} and by
 * {@code sminference COMMAND --help}.
 */
package io.github.sminference.cli;
