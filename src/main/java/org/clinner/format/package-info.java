/**
 * The MultiClinAI TSV format ({@code filename label start_span end_span text}): rows, reading with
 * validation, writing as pandas writes it, sorting with bounded memory, and one document's rows
 * (the {@code .txt} naming rule, UTF-16 spans to code point rows and gold rows back). May import
 * {@code text} and {@code io}.
 */
package org.clinner.format;
