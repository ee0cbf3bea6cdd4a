package org.clinner.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The MedProcNER documents in {@code ../shared} (CC BY 4.0, read in place, never copied into the
 * repository), and the condition of {@link NeedsSharedData}.
 */
public final class SharedData implements ExecutionCondition {

    /**
     * Returns the MedProcNER folder: {@code data/medprocner} in the folder of the
     * {@code clinner.shared.dir} property (set by the build to {@code ../shared}).
     *
     * @return the folder, which may be absent
     */
    public static Path medprocner() {
        return Paths.get(System.getProperty("clinner.shared.dir", "../shared"), "data", "medprocner");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<NeedsSharedData> needs = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, NeedsSharedData.class));
        if (needs.isEmpty()) {
            return ConditionEvaluationResult.enabled("needs no shared data");
        }
        Path needed = medprocner().resolve(needs.get().value());
        if (Files.exists(needed)) {
            return ConditionEvaluationResult.enabled(needed + " is present");
        }
        String reason = "skipped: the shared MedProcNER data it reads are absent (" + needed + ")";
        System.err.println(context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
