package io.iokeycloak.provider.profile;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribute changes checked as the user's own submission of Keycloak's update-profile form: the
 * realm's declarative user profile in the UPDATE_PROFILE context (user-editable attributes only,
 * every validator). Changes nothing. Evidence's {@code set_user_attributes} and the bridge's
 * profile check ask the very same question.
 */
public final class ProfileCheck {

    /** A value the profile refused: Keycloak's message key (e.g. {@code error-invalid-length}) and its parameters. */
    public record Problem(String attribute, String message, List<Object> parameters) {
        public Problem {
            parameters = List.copyOf(parameters);
        }
    }

    /** The verdict, and when it accepts, the profile that applies the changes. */
    public record Result(List<Problem> problems, UserProfile profile) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    /** The message key of a change to an attribute the user may not edit (text in theme-resources). */
    public static final String NOT_EDITABLE = "ioAttributeNotEditable";

    private ProfileCheck() {
    }

    public static Result check(KeycloakSession session, UserModel user, Map<String, List<String>> changes) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        Attributes current = profiles.create(UserProfileContext.UPDATE_PROFILE, user).getAttributes();
        List<Problem> problems = new ArrayList<>();
        for (String name : changes.keySet()) {
            if (!current.contains(name) || current.isReadOnly(name)) {
                problems.add(new Problem(name, NOT_EDITABLE, List.of()));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(problems, null);
        }
        // The whole profile as the user would submit it on Keycloak's own update-profile form.
        Map<String, List<String>> submitted = new HashMap<>(current.getReadable());
        submitted.putAll(changes);
        UserProfile profile = profiles.create(UserProfileContext.UPDATE_PROFILE, submitted, user);
        try {
            profile.validate();
        } catch (ValidationException refused) {
            for (ValidationException.Error error : refused.getErrors()) {
                Object[] parameters = error.getMessageParameters();
                problems.add(new Problem(error.getAttribute(), error.getMessage(), parameters == null ? List.of() : List.of(parameters)));
            }
            return new Result(problems, null);
        }
        return new Result(List.of(), profile);
    }
}
