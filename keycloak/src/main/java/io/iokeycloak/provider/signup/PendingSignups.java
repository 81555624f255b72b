package io.iokeycloak.provider.signup;

import io.iokeycloak.provider.contract.EvidenceContract;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.actiontoken.execactions.ExecuteActionsActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The realm's sign-ups waiting for an operator (see {@link SignupMarks}) and the two decisions.
 * Approving enables the user and the organizations its journey created and mails the partner
 * Keycloak's action link for the required actions the journey gave the user (setting a password or
 * registering a passkey, under the realm's policies); rejecting mails the partner and removes those
 * organizations and the user. The mail goes first, through Keycloak's own email sender with the
 * realm's SMTP settings: when it cannot be sent, nothing changes.
 */
public final class PendingSignups {

    /** At most this many organizations one journey created (the partner-signup journey creates one). */
    private static final int ORGANIZATIONS_PER_JOURNEY = 10;

    private final KeycloakSession session;
    private final RealmModel realm;

    public PendingSignups(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A pending sign-up: the disabled user and the organizations the same journey created. */
    public record Signup(UserModel user, String journey, List<OrganizationModel> organizations) {
    }

    public Stream<Signup> list() {
        return session.users().searchForUserByUserAttributeStream(realm, SignupMarks.APPROVAL_ATTRIBUTE, SignupMarks.PENDING)
                .map(this::signupOf)
                .flatMap(Optional::stream);
    }

    public Optional<Signup> get(String userId) {
        return Optional.ofNullable(session.users().getUserById(realm, userId)).flatMap(this::signupOf);
    }

    public void approve(Signup signup) throws EmailException {
        UserModel user = signup.user();
        List<String> actions = user.getRequiredActionsStream().toList();
        int lifespan = realm.getActionTokenGeneratedByAdminLifespan();
        String link = actions.isEmpty() ? null : actionLink(user, actions, lifespan);
        send(signup, SignupMail.Decision.APPROVED, link, TimeUnit.SECONDS.toMinutes(lifespan), null);
        signup.organizations().forEach(organization -> organization.setEnabled(true));
        user.removeAttribute(SignupMarks.APPROVAL_ATTRIBUTE);
        user.setEnabled(true);
    }

    public void reject(Signup signup, String reason) throws EmailException {
        send(signup, SignupMail.Decision.REJECTED, null, 0, reason);
        OrganizationProvider organizations = organizations();
        signup.organizations().forEach(organizations::remove);
        new UserManager(session).removeUser(realm, signup.user());
    }

    private Optional<Signup> signupOf(UserModel user) {
        String journey = SignupMarks.pendingJourney(name -> user.getAttributeStream(name).toList());
        if (journey == null || user.getServiceAccountClientLink() != null) {
            return Optional.empty();
        }
        OrganizationProvider organizations = organizations();
        List<OrganizationModel> created = organizations == null || !organizations.isEnabled() ? List.of()
                : organizations.getAllStream(Map.of(EvidenceContract.get().journeyAttribute(), journey), 0, ORGANIZATIONS_PER_JOURNEY)
                        .filter(organization -> SignupMarks.createdBy(organization.getAttributes(), journey) && organization.isMember(user))
                        .toList();
        return Optional.of(new Signup(user, journey, created));
    }

    private OrganizationProvider organizations() {
        return session.getProvider(OrganizationProvider.class);
    }

    /** Keycloak's execute-actions link, as its admin API's "send actions email" makes it (to the account console). */
    private String actionLink(UserModel user, List<String> actions, int lifespan) {
        ExecuteActionsActionToken token = new ExecuteActionsActionToken(user.getId(), user.getEmail(), Math.toIntExact(Time.currentTimeSeconds() + lifespan), actions,
                null, Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        UriInfo uri = session.getContext().getUri();
        return LoginActionsService.actionTokenProcessor(uri).queryParam("key", token.serialize(session, realm, uri)).build(realm.getName()).toString();
    }

    private void send(Signup signup, SignupMail.Decision decision, String link, long minutes, String reason) throws EmailException {
        UserModel user = signup.user();
        if (user.getEmail() == null) {
            throw new EmailException("the user has no email address");
        }
        Locale locale = session.getContext().resolveLocale(user);
        SignupMail mail = SignupMail.of(decision, messages(locale), locale, user.getFirstName(),
                signup.organizations().stream().map(OrganizationModel::getName).toList(), link, minutes, reason);
        session.getProvider(EmailSenderProvider.class).send(realm.getSmtpConfig(), user, mail.subject(), mail.text(), mail.html());
    }

    /** The realm's login theme messages (with the provider's own and the realm's overrides) in the user's language. */
    private Properties messages(Locale locale) {
        try {
            Theme theme = realm.getLoginTheme() != null
                    ? session.theme().getTheme(realm.getLoginTheme(), Theme.Type.LOGIN)
                    : session.theme().getTheme(Theme.Type.LOGIN);
            return theme.getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
