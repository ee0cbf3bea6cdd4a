/**
 * The UIMA layer: the NER annotator, the text reader, the writers (MultiClinAI TSV, atomic XMI, HTML),
 * the gold span annotator, the models they share, and {@link org.clinner.uima.ClinnerPipeline},
 * which builds the pipeline of every front end from one validated
 * {@link org.clinner.uima.PipelineSettings}. Components report a problem with one document as a
 * {@link org.clinner.uima.DocumentException} and check their settings in {@code initialize}. May
 * import {@code model} and its sub-packages, {@code format}, {@code report}, {@code io},
 * {@code text} and the generated {@code type}.
 */
package org.clinner.uima;
