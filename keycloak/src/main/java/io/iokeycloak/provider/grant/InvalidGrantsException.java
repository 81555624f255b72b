package io.iokeycloak.provider.grant;

/** Grants (declared permissions, an obligation rule's grants) that do not have the contract's shape. */
public class InvalidGrantsException extends Exception {

    public InvalidGrantsException(String message) {
        super(message);
    }
}
