package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /io/theme}: the theme the bridge renders this realm's screens in (null: the bridge's default). */
public class ThemeResource {

    static final String SETTING = "theme";
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
        return view;
    }
}
