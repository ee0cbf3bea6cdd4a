package org.clinner.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Strings in code point order, against the order Python's {@code sorted()} gives. */
class CodePointOrderTest {

    @Test
    void sortsAsPythonSorts() {
        // python3 -c 'print(sorted(["a\U0001F600", "a\uE000", "a", "ab", "a\uFFFF", "b", "", "A"]))'
        // ['', 'A', 'a', 'ab', 'a\ue000', 'a\uffff', 'a😀', 'b']
        List<String> strings = new ArrayList<>(List.of("a\uD83D\uDE00", "a\uE000", "a", "ab", "a\uFFFF", "b", "", "A"));
        strings.sort(CodePointOrder.ORDER);
        assertEquals(List.of("", "A", "a", "ab", "a\uE000", "a\uFFFF", "a\uD83D\uDE00", "b"), strings);
        strings.sort(String::compareTo);
        assertEquals(List.of("", "A", "a", "ab", "a\uD83D\uDE00", "a\uE000", "a\uFFFF", "b"), strings,
                "Java's own order, which puts the surrogate pair first");
    }
}
