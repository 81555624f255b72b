package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoRealmSettingEntity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /io/theme}: the theme the bridge renders this realm's screens in (null: the bridge's
 * default). A change reaches the bridge with the next handoff ({@code realm_settings}), so it bumps
 * the realm's runtime revision in the same transaction.
 */
public class ThemeResource {

    static final String SETTING = IoRealmSettingEntity.THEME;
    private static final Pattern THEME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");

    private final ApiContext context;

    ThemeResource(ApiContext context) {
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        context.requireView();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("theme", RealmSettings.read(context, SETTING).map(JsonNode::asText).orElse(null));
        return view;
    }

    /** Body {@code {"theme": "default"}}. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(String body) {
        context.requireManage();
        JsonNode theme = ApiErrors.json(body, "").path("theme");
        if (!theme.isTextual() || !THEME.matcher(theme.asText()).matches()) {
            throw ApiErrors.invalid("theme", "required: a theme name of lower-case letters, digits, '-' or '_'");
        }
        Map<String, Object> view = Map.of("theme", theme.asText());
        RealmSettings.write(context, SETTING, theme, view);
        context.runtimeChanged();
        return view;
    }

    /** Back to the bridge's default theme. 204, also when the realm had no theme of its own. */
    @DELETE
    public Response delete() {
        context.requireManage();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("theme", null);
        if (RealmSettings.delete(context, SETTING, view)) {
            context.runtimeChanged();
        }
        return Response.noContent().build();
    }
}
