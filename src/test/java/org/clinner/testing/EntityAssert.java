package org.clinner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.uima.jcas.tcas.Annotation;
import org.dkpro.core.testing.AssertAnnotations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Asserts annotations as DKPro Core's {@link AssertAnnotations} does, for entity types it has no
 * method for (ClinNER's, cTAKES'): each annotation as {@code [begin,end]Type(label) (covered text)},
 * compared as sorted lists.
 */
public final class EntityAssert {

    private EntityAssert() {}

    /**
     * Formats one expected annotation.
     *
     * @param begin UTF-16 begin
     * @param end UTF-16 end
     * @param type the type's simple name, e.g. {@code Procedure}
     * @param label the label
     * @param text the covered text
     * @return the string {@link #assertEntities} compares
     */
    public static String entity(int begin, int end, String type, String label, String text) {
        return String.format("[%3d,%3d]%s(%s) (%s)", begin, end, type, label, text);
    }

    /**
     * Asserts the annotations of a CAS.
     *
     * @param expected the expected annotations, formatted by {@link #entity}, in any order
     * @param actual the annotations
     * @param label the label of an annotation
     * @param <T> the annotation type
     */
    public static <T extends Annotation> void assertEntities(List<String> expected, Collection<T> actual,
            Function<T, String> label) {
        List<String> found = new ArrayList<>();
        for (T annotation : actual) {
            found.add(entity(annotation.getBegin(), annotation.getEnd(), annotation.getClass().getSimpleName(),
                    label.apply(annotation), annotation.getCoveredText()));
        }
        List<String> sortedExpected = new ArrayList<>(expected);
        sortedExpected.sort(null);
        found.sort(null);
        assertEquals(AssertAnnotations.asCopyableString(sortedExpected, true),
                AssertAnnotations.asCopyableString(found, true));
    }
}
