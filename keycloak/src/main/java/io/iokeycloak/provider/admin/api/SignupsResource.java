package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.signup.PendingSignups;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.email.EmailException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /io/signups}: the sign-ups waiting for a hub operator (the partner-signup journey in
 * approval-required mode), and the decision on each. Reading needs view-realm and view-users;
 * deciding needs manage-realm and the right to manage that user (each sign-up's {@code access.decide}
 * says whether the caller has both). Each decision is an admin event.
 */
public class SignupsResource {

    private static final int MAX_REASON_LENGTH = 500;

    private final ApiContext context;

    SignupsResource(ApiContext context) {
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        context.requireView();
        context.auth().users().requireView();
        return signups().list().map(this::view).toList();
    }

    @GET
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("userId") String userId) {
        context.requireView();
        context.auth().users().requireView();
        return view(pending(userId));
    }

    /** Enables the user and its organizations and mails the partner the link to set up their sign-in. */
    @POST
    @Path("{userId}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> approve(@PathParam("userId") String userId) {
        context.requireManage();
        PendingSignups.Signup signup = pending(userId);
        context.auth().users().requireManage(signup.user());
        try {
            signups().approve(signup);
        } catch (EmailException e) {
            throw ApiErrors.mailUnavailable(e.getMessage());
        }
        Map<String, Object> decided = decision(signup, "approved", null);
        context.changes().record(OperationType.UPDATE, decided);
        return decided;
    }

    /** Body {@code {"reason": "..."}} (optional, at most 500 characters, quoted in the mail): mails the partner, then removes the organizations and the user. */
    @POST
    @Path("{userId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> reject(@PathParam("userId") String userId, String body) {
        context.requireManage();
        JsonNode request = body == null || body.isBlank() ? ApiErrors.json("{}", "") : ApiErrors.json(body, "");
        JsonNode reason = request.path("reason");
        List<Problem> problems = new ArrayList<>();
        if (!reason.isMissingNode() && !reason.isNull() && (!reason.isTextual() || reason.asText().length() > MAX_REASON_LENGTH)) {
            problems.add(Problem.of("reason", "text of at most " + MAX_REASON_LENGTH + " characters"));
        }
        ApiErrors.requireNone(problems);
        PendingSignups.Signup signup = pending(userId);
        context.auth().users().requireManage(signup.user());
        String why = reason.isTextual() && !reason.asText().isBlank() ? reason.asText() : null;
        // What is removed, described before it goes.
        Map<String, Object> decided = decision(signup, "rejected", why);
        try {
            signups().reject(signup, why);
        } catch (EmailException e) {
            throw ApiErrors.mailUnavailable(e.getMessage());
        }
        context.changes().record(OperationType.DELETE, decided);
        return decided;
    }

    private PendingSignups signups() {
        return new PendingSignups(context.session(), context.realm());
    }

    private PendingSignups.Signup pending(String userId) {
        return signups().get(userId).orElseThrow(() -> ApiErrors.notFound("no sign-up waiting for a decision with user id \"" + userId + "\""));
    }

    private static Map<String, Object> decision(PendingSignups.Signup signup, String decision, String reason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", signup.user().getId());
        view.put("email", signup.user().getEmail());
        view.put("decision", decision);
        if (reason != null) {
            view.put("reason", reason);
        }
        view.put("organizations", signup.organizations().stream().map(SignupsResource::organization).toList());
        return view;
    }

    private Map<String, Object> view(PendingSignups.Signup signup) {
        UserModel user = signup.user();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", user.getId());
        view.put("username", user.getUsername());
        view.put("email", user.getEmail());
        view.put("firstName", user.getFirstName());
        view.put("lastName", user.getLastName());
        view.put("createdTimestamp", user.getCreatedTimestamp());
        view.put("requiredActions", user.getRequiredActionsStream().toList());
        view.put("journey", signup.journey());
        view.put("organizations", signup.organizations().stream().map(SignupsResource::organization).toList());
        // What the caller may do with it, as Keycloak's user representation says (its "access"): the
        // console offers the decision only to who approve and reject would let through.
        view.put("access", Map.of("decide", context.auth().realm().canManageRealm() && context.auth().users().canManage(user)));
        return view;
    }

    private static Map<String, Object> organization(OrganizationModel organization) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", organization.getId());
        view.put("name", organization.getName());
        view.put("domains", organization.getDomains().map(OrganizationDomainModel::getName).sorted().toList());
        view.put("enabled", organization.isEnabled());
        return view;
    }
}
