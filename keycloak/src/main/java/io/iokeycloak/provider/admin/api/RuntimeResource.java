package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.profile.ProfileCheck;
import io.iokeycloak.provider.profile.ProfileMessages;
import io.iokeycloak.provider.runtime.IoRuntimeRole;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ForbiddenException;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /io/runtime}: what the bridge asks Keycloak while it runs journeys: the versions a
 * handoff names, and whether the realm's user profile accepts values a journey collected. Only
 * callers holding {@code realm-management}'s {@code io-runtime} role (the bridge's service
 * account) may call it; admins read versions through {@code /io/flows}.
 */
public class RuntimeResource {

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,3}");
    private static final int MAX_VALUES = 32;
    private static final int MAX_VALUE_LENGTH = 2048;

    private final ApiContext context;

    RuntimeResource(ApiContext context) {
        this.context = context;
    }

    /**
     * {@code {"id", "version", "digest", "definition": "<canonical JSON text>", "messages": {locale: {...}}}}:
     * the definition as the exact text the digest is over.
     */
    @GET
    @Path("flows/{flowId}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> version(@PathParam("flowId") String flowId, @PathParam("version") String number) {
        requireRuntimeRole();
        IoFlowEntity flow = context.store().flow(context.realm().getId(), flowId)
                .orElseThrow(() -> ApiErrors.notFound("no flow \"" + flowId + "\" in this realm"));
        Optional<IoFlowVersionEntity> stored = number.matches("[0-9]{1,9}")
                ? context.store().version(flow, Integer.parseInt(number)) : Optional.empty();
        IoFlowVersionEntity version = stored.orElseThrow(() -> ApiErrors.notFound("flow \"" + flowId + "\" has no version " + number));
        Map<String, Object> messages = new LinkedHashMap<>();
        context.store().bundles(flow, version.getVersionNumber())
                .forEach((locale, text) -> messages.put(locale, FlowDefinitions.parse(text, "messages")));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flow.getFlowId());
        view.put("version", version.getVersionNumber());
        view.put("digest", version.getDigest());
        view.put("definition", version.getDefinition());
        view.put("messages", messages);
        return view;
    }

    /**
     * Body {@code {"attributes": {name: value | [values]}, "locale"?: "de"}}: the values a journey
     * collected for its user, checked as that user's own update-profile submission (what
     * {@code set_user_attributes} will be checked against). Answers
     * {@code {"errors": [{"attribute", "message"}]}} with the texts Keycloak's forms show, in the
     * locale when the realm supports it; no errors: accepted. Nothing is written.
     */
    @POST
    @Path("users/{userId}/profile-check")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> profileCheck(@PathParam("userId") String userId, String body) {
        requireRuntimeRole();
        JsonNode request = ApiErrors.json(body, "");
        Map<String, List<String>> changes = attributes(request.path("attributes"));
        JsonNode locale = request.path("locale");
        if (!locale.isMissingNode() && !(locale.isTextual() && LOCALE.matcher(locale.asText()).matches())) {
            throw ApiErrors.invalid("locale", "a language tag such as \"de\" or \"pt-BR\"");
        }
        UserModel user = context.session().users().getUserById(context.realm(), userId);
        if (user == null) {
            throw ApiErrors.notFound("no user \"" + userId + "\" in this realm");
        }
        ProfileMessages messages = ProfileMessages.of(context.session(), context.realm(), locale.isTextual() ? locale.asText() : null);
        List<Map<String, String>> errors = new ArrayList<>();
        for (ProfileCheck.Problem problem : ProfileCheck.check(context.session(), user, changes).problems()) {
            // The form shows the values it asked for; a refusal elsewhere in the profile is not its to fix.
            if (changes.containsKey(problem.attribute())) {
                errors.add(Map.of("attribute", problem.attribute(), "message", messages.text(problem)));
            }
        }
        return Map.of("errors", errors);
    }

    private void requireRuntimeRole() {
        if (!IoRuntimeRole.heldBy(context.auth().adminAuth(), context.realm())) {
            throw new ForbiddenException();
        }
    }

    private static Map<String, List<String>> attributes(JsonNode attributes) {
        if (!attributes.isObject() || attributes.isEmpty()) {
            throw ApiErrors.invalid("attributes", "required: an object of attribute name -> value or array of values");
        }
        Map<String, List<String>> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
            String field = "attributes." + attribute.getKey();
            if (!ATTRIBUTE.matcher(attribute.getKey()).matches()) {
                throw ApiErrors.invalid(field, "an attribute name must match " + ATTRIBUTE.pattern());
            }
            List<String> values = new ArrayList<>();
            JsonNode given = attribute.getValue();
            for (JsonNode value : given.isArray() ? given : List.of(given)) {
                if (!value.isTextual() || value.asText().length() > MAX_VALUE_LENGTH) {
                    throw ApiErrors.invalid(field, "values must be strings of at most " + MAX_VALUE_LENGTH + " characters");
                }
                values.add(value.asText());
            }
            if (values.size() > MAX_VALUES) {
                throw ApiErrors.invalid(field, "at most " + MAX_VALUES + " values");
            }
            changes.put(attribute.getKey(), values);
        }
        return changes;
    }
}
