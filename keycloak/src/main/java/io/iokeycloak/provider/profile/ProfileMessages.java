package io.iokeycloak.provider.profile;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * The texts Keycloak's own forms show for {@link ProfileCheck.Problem}s: the realm's login theme
 * messages (with the realm's localization overrides) in the requested locale when the realm
 * supports it, else the realm's default locale.
 */
public final class ProfileMessages {

    private final Properties messages;
    private final Locale locale;

    private ProfileMessages(Properties messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    public static ProfileMessages of(KeycloakSession session, RealmModel realm, String requestedLocale) {
        Locale locale = Locale.forLanguageTag(realm.getDefaultLocale() != null ? realm.getDefaultLocale() : "en");
        if (requestedLocale != null && realm.isInternationalizationEnabled()
                && realm.getSupportedLocalesStream().anyMatch(requestedLocale::equals)) {
            locale = Locale.forLanguageTag(requestedLocale);
        }
        try {
            Theme theme = session.theme().getTheme(realm.getLoginTheme(), Theme.Type.LOGIN);
            return new ProfileMessages(theme.getEnhancedMessages(realm, locale), locale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text(ProfileCheck.Problem problem) {
        String pattern = messages.getProperty(problem.message(), problem.message());
        return new MessageFormat(pattern, locale).format(problem.parameters().toArray());
    }

    public Locale locale() {
        return locale;
    }
}
