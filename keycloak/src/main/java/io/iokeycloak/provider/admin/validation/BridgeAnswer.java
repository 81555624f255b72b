package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The bridge's JSON answer to an admin call: a 200, or a refusal about the request itself (4xx but
 * 401, e.g. {@code admin_request_malformed}, {@code admin_run_not_found}) for the API to pass on.
 */
public record BridgeAnswer(int status, JsonNode body) {

    public boolean ok() {
        return status == 200;
    }

    /** The refusal's {@code error} code, or empty. */
    public String error() {
        return body.path("error").asText("");
    }
}
