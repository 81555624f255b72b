package io.iokeycloak.provider.signup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignupMailTest {

    /** The provider's own English messages, as Keycloak's themes merge them in. */
    private static Properties english() throws IOException {
        Properties messages = new Properties();
        try (InputStream in = SignupMailTest.class.getResourceAsStream("/theme-resources/messages/messages_en.properties")) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return messages;
    }

    @Test
    void anApprovalNamesTheOrganizationAndCarriesTheLinkWithItsLifetime() throws IOException {
        String link = "https://kc.example/realms/demo/login-actions/action-token?key=abc&client_id=account";
        SignupMail mail = SignupMail.of(SignupMail.Decision.APPROVED, english(), Locale.ENGLISH, "Pat", List.of("Acme Rockets"), link, 720, null);
        assertEquals("Your partner account for Acme Rockets is approved", mail.subject());
        assertEquals("Hello Pat,\n\nthe partner request of Acme Rockets was approved. Set up your sign-in with the link below; it is valid for 720 minutes.\n\n"
                + link + "\n", mail.text());
        assertTrue(mail.html().contains("<a href=\"https://kc.example/realms/demo/login-actions/action-token?key=abc&amp;client_id=account\">"));
    }

    @Test
    void anApprovalWithNothingToSetUpHasNoLink() throws IOException {
        SignupMail mail = SignupMail.of(SignupMail.Decision.APPROVED, english(), Locale.ENGLISH, null, List.of("Acme"), null, 720, null);
        assertEquals("Hello,\n\nthe partner request of Acme was approved. You can sign in now.", mail.text());
        assertFalse(mail.html().contains("<a "));
    }

    @Test
    void aRejectionQuotesTheReasonAndEscapesEveryValueInTheHtml() throws IOException {
        SignupMail mail = SignupMail.of(SignupMail.Decision.REJECTED, english(), Locale.ENGLISH, "Pat", List.of("<b>Acme</b>"), null, 0, " Not a reseller ");
        assertEquals("Your partner request for <b>Acme</b>", mail.subject());
        assertTrue(mail.text().endsWith("was not approved, and the account made for it was removed.\n\nThe reason: Not a reseller"));
        assertTrue(mail.html().contains("&lt;b&gt;Acme&lt;/b&gt;"));
        assertFalse(mail.html().contains("<b>"));
    }

    @Test
    void aThemeWithoutTheMessagesIsAnError() {
        assertThrows(IllegalStateException.class,
                () -> SignupMail.of(SignupMail.Decision.REJECTED, new Properties(), Locale.ENGLISH, "Pat", List.of("Acme"), null, 0, null));
    }
}
