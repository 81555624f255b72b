/** Adapters behind the engine's ports for outbound HTTP, Keycloak users and email. */
export { createHttpClient, HttpClientError, type HttpClientErrorCode, type HttpClientOptions } from './http-client.js';
export { createServiceAccount, ServiceAccountError, type ServiceAccount, type ServiceAccountOptions } from './keycloak-service-account.js';
export { createKeycloakFlowVersions, type KeycloakFlowVersionsOptions } from './keycloak-flow-versions.js';
export { DirectoryError, type DirectoryErrorCode, type KeycloakDirectoryOptions } from './keycloak-admin-calls.js';
export { createKeycloakUserDirectory, type KeycloakUserDirectoryOptions } from './keycloak-user-directory.js';
export { createKeycloakOrganizationDirectory } from './keycloak-organization-directory.js';
export { createSmtpMailer, MailError, type SmtpMailerOptions } from './smtp-mailer.js';
