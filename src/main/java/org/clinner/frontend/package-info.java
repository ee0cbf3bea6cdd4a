/**
 * What the front ends (command line, Spark job) share: the pipeline's command-line options as a
 * picocli mixin that makes the validated settings, the exit codes, and the report of a run (failed
 * documents on stderr, a JSON summary). May import {@code uima}, {@code model.tagging}
 * (the options and their exception) and {@code io}.
 */
package org.clinner.frontend;
