/**
 * Self-contained HTML pages of mentions (no network: style and script inline): a text with its
 * spans highlighted whatever their overlaps ({@link org.clinner.report.MarkedText}), gold against
 * predicted spans with the kind of each difference ({@link org.clinner.report.SpanComparison}) and
 * the report of an evaluation ({@link org.clinner.report.EvaluationReport}), the pages of an
 * annotated collection ({@link org.clinner.report.AnnotationPages}) and the service's try-it page.
 * May import {@code eval}, {@code format}, {@code io}, {@code text}.
 */
package org.clinner.report;
