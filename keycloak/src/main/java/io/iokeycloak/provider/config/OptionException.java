package io.iokeycloak.provider.config;

/** A provider option is unusable (missing, or insecure for this realm); the login must fail closed. */
public class OptionException extends Exception {

    private final String option;

    public OptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option's name, e.g. {@code bridgeUrl}. */
    public String option() {
        return option;
    }
}
