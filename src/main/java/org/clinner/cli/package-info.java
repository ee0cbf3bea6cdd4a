/**
 * The {@code clinner} command line: {@code annotate}, {@code evaluate}, {@code train} and
 * {@code bench}, with progress bars and memory logs. May import every other package but
 * {@code spark}.
 */
package org.clinner.cli;
