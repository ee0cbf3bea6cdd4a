package org.clinner.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that reads the MedProcNER documents of {@code ../shared/data/medprocner}: when the part it
 * names is absent, the test is skipped, with the reason in the surefire report and on stderr.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedData.class)
public @interface NeedsSharedData {

    /**
     * Returns what the test reads.
     *
     * @return a file or folder below {@code medprocner}, e.g. {@code test/txt}
     */
    String value();
}
