package io.iokeycloak.provider.admin.api;

import jakarta.ws.rs.Path;

/** The root of {@code /admin/realms/{realm}/io}. */
public class IoRealmResource {

    private final ApiContext context;

    IoRealmResource(ApiContext context) {
        this.context = context;
    }

    @Path("flows")
    public FlowsResource flows() {
        return new FlowsResource(context);
    }

    @Path("clients")
    public ClientSettingsResource clients() {
        return new ClientSettingsResource(context);
    }

    @Path("processors")
    public ProcessorsResource processors() {
        return new ProcessorsResource(context);
    }

    @Path("obligation-flows")
    public ObligationFlowsResource obligationFlows() {
        return new ObligationFlowsResource(context);
    }

    @Path("obligation-rules")
    public ObligationRulesResource obligationRules() {
        return new ObligationRulesResource(context);
    }

    @Path("theme")
    public ThemeResource theme() {
        return new ThemeResource(context);
    }

    @Path("runtime")
    public RuntimeResource runtime() {
        return new RuntimeResource(context);
    }

    @Path("templates")
    public TemplatesResource templates() {
        return new TemplatesResource(context);
    }

    @Path("signups")
    public SignupsResource signups() {
        return new SignupsResource(context);
    }

    @Path("import")
    public ImportResource importFlows() {
        return new ImportResource(context);
    }
}
