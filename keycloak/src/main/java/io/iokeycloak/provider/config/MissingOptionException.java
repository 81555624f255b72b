package io.iokeycloak.provider.config;

/** A required provider option is not set; the login must fail closed. */
public class MissingOptionException extends Exception {

    private final String option;

    public MissingOptionException(String option) {
        super("IO journey option '" + option + "' is not configured");
        this.option = option;
    }

    public String option() {
        return option;
    }
}
