import type { AdminEnvironment } from '@keycloak/keycloak-admin-ui';

/** What Keycloak's admin index.ftl injects into the page (`<script id="environment">`). */
export const environment: AdminEnvironment = JSON.parse(document.getElementById('environment')?.textContent ?? '{}');
