/**
 * The host name under which the suite's browser reaches Keycloak, the bridge and the relying
 * party: `localhost`, as in the quick start. WebAuthn refuses an IP address as relying-party id
 * (Chromium: "This is an invalid domain"), so passkey journeys need a name; all three share it so
 * the bridge's form POST back into Keycloak stays same-site and carries Keycloak's session cookie.
 * Every server still listens on 127.0.0.1 only.
 */
export const E2E_HOST = 'localhost';
