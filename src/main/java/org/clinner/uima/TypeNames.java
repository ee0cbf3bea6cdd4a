package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.TypeSystem;
import org.apache.uima.jcas.tcas.Annotation;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.CasCreationUtils;

/**
 * Type and feature names given as component parameters, resolved with a message that names the
 * parameter. A component checks its names in {@code initialize}, before the pipeline's type system
 * exists, against what the class path declares: the type systems uimaFIT finds ({@link #known()}:
 * DKPro's, cTAKES', ClinNER's and any registered in {@code META-INF/org.apache.uima.fit/types.txt})
 * and, for a type of another type system (an XML import), its JCas class; so a misspelt name stops a
 * pipeline before its first document. {@code process} checks the names again against the CAS.
 */
final class TypeNames {

    private static TypeSystem known;

    private TypeNames() {}

    /**
     * Returns the type system of every type system uimaFIT finds on the class path.
     *
     * @return the type system, built once
     * @throws ResourceInitializationException when those type systems do not merge
     */
    static synchronized TypeSystem known() throws ResourceInitializationException {
        if (known == null) {
            known = CasCreationUtils.createCas(TypeSystemDescriptionFactory.createTypeSystemDescription(), null, null)
                    .getTypeSystem();
        }
        return known;
    }

    /**
     * Checks at initialization that a name is an annotation type of a known type system, or has a JCas
     * class (a type of a type system that only the pipeline's descriptors import).
     *
     * @param name the type's name
     * @param parameter the parameter that gave it, for the message
     * @return the type when a known type system has it, else null (checked against the CAS later)
     * @throws ResourceInitializationException when the known type systems cannot be merged
     * @throws InvalidSettingException when the name is neither
     */
    static Type knownAnnotationType(String name, String parameter) throws ResourceInitializationException {
        if (known().getType(name) == null && jcasClass(name)) {
            return null;
        }
        return annotationType(known(), name, parameter);
    }

    private static boolean jcasClass(String name) {
        try {
            return Annotation.class.isAssignableFrom(Class.forName(name, false, TypeNames.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Resolves an annotation type.
     *
     * @param system the type system
     * @param name the type's name
     * @param parameter the parameter that gave it, for the message
     * @return the type
     * @throws InvalidSettingException when the type is missing or is not an annotation type
     */
    static Type annotationType(TypeSystem system, String name, String parameter) {
        Type type = system.getType(name);
        if (type == null || !system.subsumes(system.getType(CAS.TYPE_NAME_ANNOTATION), type)) {
            throw new InvalidSettingException(parameter, "names '" + name + "', which is not "
                    + (type == null ? "a type of the type system: add its type system to the pipeline (on the class"
                            + " path, registered with uimaFIT, or with JCas classes)" : "an annotation type"));
        }
        return type;
    }

    /**
     * Resolves a string feature of a type.
     *
     * @param type the type
     * @param name the feature's base name
     * @param parameter the parameter that gave it, for the message
     * @return the feature
     * @throws InvalidSettingException when the type has no string feature of that name
     */
    static Feature stringFeature(Type type, String name, String parameter) {
        Feature feature = type.getFeatureByBaseName(name);
        if (feature == null || !feature.getRange().isStringOrStringSubtype()) {
            throw new InvalidSettingException(parameter, "names '" + name + "', which is not a string feature of "
                    + type.getName());
        }
        return feature;
    }
}
