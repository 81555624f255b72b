/** Asymmetric JWS algorithms only: a shared-secret (HS*) or `none` token can never be trusted here. */
export const asymmetricAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export function isAsymmetricAlgorithm(alg: unknown): boolean {
  return typeof alg === 'string' && (asymmetricAlgorithms as readonly string[]).includes(alg);
}

/** Clock skew accepted between Keycloak, the bridge and the browser's round trips. */
export const clockToleranceSeconds = 30;
