package io.iokeycloak.provider.obligation;

/** The realm's {@code io.obligations} attribute is not a valid rule list; the message names the place. */
public class InvalidRulesException extends Exception {

    public InvalidRulesException(String message) {
        super(message);
    }
}
