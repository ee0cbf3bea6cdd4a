/**
 * Text as Python sees it, so that offsets match the published DT4H tooling: files decoded as
 * {@code open(path, encoding="utf-8")} decodes them (strict UTF-8, universal newlines), code point
 * offsets against Java's UTF-16 indices, and code point order. Imports nothing of ClinNER.
 */
package org.clinner.text;
