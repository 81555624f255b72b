package io.iokeycloak.provider.admin.api;

import io.iokeycloak.provider.runtime.IoRuntimeRole;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ForbiddenException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /io/runtime}: what the bridge fetches to run the versions a handoff names. Only callers
 * holding {@code realm-management}'s {@code io-runtime} role (the bridge's service account) may
 * read it; admins read versions through {@code /io/flows}.
 */
public class RuntimeResource {

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
        if (!IoRuntimeRole.heldBy(context.auth().adminAuth(), context.realm())) {
            throw new ForbiddenException();
        }
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
}
