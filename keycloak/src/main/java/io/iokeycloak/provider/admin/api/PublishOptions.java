package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.definition.Problem;

import java.util.ArrayList;
import java.util.List;

/** {@code {"comment": "...", "activate": true}} of a publish (both optional), checked; 400 naming the field otherwise. */
record PublishOptions(String comment, boolean activate) {

    static final int MAX_COMMENT = 1000;

    static PublishOptions parse(JsonNode request) {
        List<Problem> problems = new ArrayList<>();
        JsonNode comment = request.path("comment");
        if (!comment.isMissingNode() && !comment.isNull() && (!comment.isTextual() || comment.asText().length() > MAX_COMMENT)) {
            problems.add(Problem.of("comment", "text of up to " + MAX_COMMENT + " characters"));
        }
        JsonNode activate = request.path("activate");
        if (!activate.isMissingNode() && !activate.isBoolean()) {
            problems.add(Problem.of("activate", "true or false"));
        }
        ApiErrors.requireNone(problems);
        return new PublishOptions(comment.isTextual() ? comment.asText() : null, activate.asBoolean(false));
    }
}
