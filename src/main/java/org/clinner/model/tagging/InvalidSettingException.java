package org.clinner.model.tagging;

/**
 * A setting that cannot be used: of the runtime's {@link TaggingOptions}, of the pipeline or of a
 * component. The message names the setting as the annotator's parameter of the same name does
 * (e.g. {@code tokenBudget}) and says what is wrong, so that a front end can name it by its own
 * option instead.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param setting the parameter name, e.g. {@code tokenBudget}
     * @param problem what is wrong, to follow the name, e.g. {@code must be at least 1, not 0}
     */
    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /**
     * Returns the setting.
     *
     * @return its parameter name
     */
    public String setting() {
        return setting;
    }

    /**
     * Returns what is wrong.
     *
     * @return the message without the setting's name
     */
    public String problem() {
        return problem;
    }
}
