/** A Keycloak realm issuer: `{base}/realms/{name}`; the name is the last path segment. */
export const realmIssuerPattern = '^https?://[^\\s/]+(/[^\\s]*)?/realms/[^/\\s]+$';

/** The realm name of a trusted issuer URL (validated by the configuration). */
export function realmOfIssuer(issuer: string): string {
  const match = /\/realms\/([^/]+)$/.exec(new URL(issuer).pathname);
  if (!match) throw new Error(`${issuer} is not a realm issuer ({base}/realms/{name})`);
  return decodeURIComponent(match[1]!);
}
