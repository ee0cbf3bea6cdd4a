package org.clinner.text;

import java.util.Comparator;

/**
 * Strings in Unicode code point order, as Python compares them and as UTF-8 bytes sort (Spark's
 * and the file system's order). Java's {@link String#compareTo} compares UTF-16 units instead,
 * which puts a character above U+FFFF before one from U+E000 to U+FFFF.
 */
public final class CodePointOrder {

    /** The order. */
    public static final Comparator<String> ORDER = CodePointOrder::compare;

    private CodePointOrder() {}

    private static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
