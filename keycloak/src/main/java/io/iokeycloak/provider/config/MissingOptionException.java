package io.iokeycloak.provider.config;

/** A required provider option is not set; the login must fail closed. */
public class MissingOptionException extends OptionException {

    public MissingOptionException(String option) {
        super(option, "IO journey option '" + option + "' is not configured");
    }
}
