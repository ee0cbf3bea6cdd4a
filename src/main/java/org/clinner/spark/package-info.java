/**
 * The Spark job: the pipeline per partition with the model held once per executor JVM, the sorted
 * TSV streamed to the driver. May import {@code frontend}, {@code uima}, {@code model},
 * {@code model.snapshot}, {@code model.tagging}, {@code format}, {@code text} and the generated
 * {@code type}; not {@code cli}.
 */
package org.clinner.spark;
