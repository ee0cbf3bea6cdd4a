package org.clinner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The map of the code (README, "Map of the code"; each package's {@code package-info.java}): which
 * ClinNER packages each package may use. A class that uses another is a failure naming both.
 */
class PackageDependenciesTest {

    /** Each package and the ClinNER packages it may use besides itself. */
    private static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("text", Set.of());
        MAY_USE.put("io", Set.of("text"));
        MAY_USE.put("format", Set.of("text", "io"));
        MAY_USE.put("eval", Set.of("format"));
        MAY_USE.put("report", Set.of("eval", "format", "io", "text"));
        MAY_USE.put("model.snapshot", Set.of("io"));
        MAY_USE.put("model.hub", Set.of("model.snapshot", "io"));
        MAY_USE.put("model.nn", Set.of("model.snapshot"));
        MAY_USE.put("model.tagging", Set.of("model.nn", "model.snapshot", "text"));
        MAY_USE.put("model", Set.of("model.hub", "model.snapshot", "model.nn", "model.tagging"));
        MAY_USE.put("uima", Set.of("model", "model.hub", "model.snapshot", "model.nn", "model.tagging", "format",
                "report", "io", "text", "type"));
        MAY_USE.put("train", Set.of("model", "model.hub", "model.snapshot", "model.nn", "model.tagging", "uima",
                "eval", "format", "io", "text"));
        MAY_USE.put("frontend", Set.of("uima", "model.tagging", "io"));
        MAY_USE.put("spark", Set.of("frontend", "uima", "model", "model.snapshot", "model.tagging", "format", "text",
                "type"));
        MAY_USE.put("serve", Set.of("frontend", "uima", "model", "model.hub", "model.snapshot", "model.nn",
                "model.tagging", "format", "report", "text", "type"));
        MAY_USE.put("cli", Set.of("frontend", "uima", "train", "serve", "model", "model.hub", "model.snapshot",
                "model.nn", "model.tagging", "eval", "format", "report", "io", "text"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.clinner");
    }

    static List<String> packages() {
        return new ArrayList<>(MAY_USE.keySet());
    }

    @ParameterizedTest
    @MethodSource("packages")
    void usesOnlyThePackagesTheMapAllows(String name) {
        List<String> forbidden = new ArrayList<>();
        for (String other : MAY_USE.keySet()) {
            if (!other.equals(name) && !MAY_USE.get(name).contains(other)) {
                forbidden.add("org.clinner." + other);
            }
        }
        if (!MAY_USE.get(name).contains("type")) {
            forbidden.add("org.clinner.type");
        }
        noClasses().that().resideInAPackage("org.clinner." + name)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(new String[0]))
                .check(classes);
    }
}
