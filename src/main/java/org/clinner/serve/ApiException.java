package org.clinner.serve;

/**
 * A request the service answers with an error: its HTTP status, a short machine-readable code and a
 * message naming the problem, sent as {@code {"error": code, "message": message}}.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /**
     * Creates the error.
     *
     * @param status the HTTP status
     * @param code e.g. {@code invalid_json}
     * @param message what is wrong, for a person
     */
    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /**
     * Returns the HTTP status.
     *
     * @return e.g. 400
     */
    public int status() {
        return status;
    }

    /**
     * Returns the machine-readable code.
     *
     * @return e.g. {@code invalid_json}
     */
    public String code() {
        return code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }
}
