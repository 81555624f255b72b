package io.iokeycloak.provider.signup;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The mail that tells a partner what an operator decided, in the user's language, from the realm's
 * theme messages (the provider's English ones unless a theme or the realm overrides them). Plain
 * text and HTML; every value inserted into the HTML is escaped.
 */
public record SignupMail(String subject, String text, String html) {

    public enum Decision { APPROVED, REJECTED }

    /**
     * @param link    approved: where the partner sets up their sign-in (Keycloak's action link), or null when nothing is left to set up
     * @param minutes how long the link is valid
     * @param reason  rejected: the operator's reason, or null
     */
    public static SignupMail of(Decision decision, Properties messages, Locale locale, String firstName, List<String> organizations,
                                String link, long minutes, String reason) {
        String name = firstName == null || firstName.isBlank() ? "" : " " + firstName;
        String companies = String.join(", ", organizations);
        if (decision == Decision.APPROVED) {
            String subject = message(messages, locale, "ioSignupApprovedSubject", companies);
            if (link == null) {
                String body = message(messages, locale, "ioSignupApprovedBody", name, companies);
                return new SignupMail(subject, body, html(body, null));
            }
            String body = message(messages, locale, "ioSignupApprovedBodyWithLink", name, companies, Long.toString(minutes));
            return new SignupMail(subject, body + "\n\n" + link + "\n", html(body, link));
        }
        String subject = message(messages, locale, "ioSignupRejectedSubject", companies);
        String body = message(messages, locale, "ioSignupRejectedBody", name, companies);
        if (reason != null && !reason.isBlank()) {
            body = body + "\n\n" + message(messages, locale, "ioSignupRejectedReason", reason.strip());
        }
        return new SignupMail(subject, body, html(body, null));
    }

    private static String message(Properties messages, Locale locale, String key, Object... args) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            throw new IllegalStateException("the theme messages lack " + key);
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    private static String html(String body, String link) {
        StringBuilder html = new StringBuilder("<html><body>");
        for (String paragraph : body.split("\n\n")) {
            html.append("<p>").append(escape(paragraph).replace("\n", "<br>")).append("</p>");
        }
        if (link != null) {
            html.append("<p><a href=\"").append(escape(link)).append("\">").append(escape(link)).append("</a></p>");
        }
        return html.append("</body></html>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
