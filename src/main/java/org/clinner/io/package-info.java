/**
 * Files of a run: folders of documents walked without looping or silently dropping what cannot be
 * read, and outputs written atomically. May import {@code text}.
 */
package org.clinner.io;
