package io.iokeycloak.provider.store.definition;

/**
 * One thing wrong with an admin's input.
 *
 * @param field   where, as a path into the submitted JSON ({@code nodes/2/type}, {@code percentage})
 * @param node    the flow node concerned, when there is one (else null)
 * @param message what is wrong, for a person
 */
public record Problem(String field, String node, String message) {

    public static Problem of(String field, String message) {
        return new Problem(field, null, message);
    }
}
