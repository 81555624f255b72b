/** Signs as realm partner's Keycloak would: the e2e realm file carries partner's RSA key. */
import { readFileSync } from 'node:fs';
import { exportJWK, importPKCS8, importX509, SignJWT, type JWTPayload } from 'jose';
import { getStack } from './stack.js';

interface RealmFile {
  components: { 'org.keycloak.keys.KeyProvider': Array<{ config: { privateKey: [string]; certificate: [string] } }> };
}

/** Signs handoffs with the partner realm's key, under the kid its JWKS publishes. */
export async function partnerSigner() {
  const { partner } = getStack();
  const { config } = (JSON.parse(readFileSync(partner.realmFile, 'utf8')) as RealmFile).components['org.keycloak.keys.KeyProvider'][0]!;
  const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----`;
  const privateKey = await importPKCS8(pem('PRIVATE KEY', config.privateKey[0]), 'RS256');
  const { n } = await exportJWK(await importX509(pem('CERTIFICATE', config.certificate[0]), 'RS256', { extractable: true }));
  const { keys } = (await (await fetch(`${partner.issuer}/protocol/openid-connect/certs`)).json()) as { keys: Array<{ kid: string; n?: string }> };
  const kid = keys.find((key) => key.n === n)?.kid;
  if (!kid) throw new Error('the partner realm does not publish the key of its realm file');
  return (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'io-handoff+jwt' }).sign(privateKey);
}

/** A handoff as partner's Keycloak would make it for its user alice. */
export function partnerHandoffClaims(overrides: JWTPayload = {}): JWTPayload {
  const { partner, bridge } = getStack();
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: partner.issuer,
    aud: bridge.config.audience,
    iat: now,
    exp: now + 120,
    jti: crypto.randomUUID(),
    sub: 'partner-alice',
    azp: 'partner-app',
    realm: 'partner',
    tab_id: 'tab-partner',
    nonce: 'nonce-partner',
    flow: 'demo-profile',
    grants: [{ type: 'set_session_note', names: ['company'] }],
    return_uri: `${partner.issuer}/login-actions/authenticate?session_code=x&execution=y&client_id=partner-app&tab_id=tab-partner`,
    ...overrides,
  };
}
