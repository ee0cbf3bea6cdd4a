/**
 * The official MultiClinAI scorer: strict and character-overlap precision, recall and F1, and its
 * JSON as the Python scorer prints it. May import {@code format}.
 */
package org.clinner.eval;
