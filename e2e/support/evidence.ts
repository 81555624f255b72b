/**
 * Evidence an attacker with the bridge's signing key could send: the bridge's real evidence,
 * changed by the test and signed again (with the bridge's key unless another is given), posted by
 * the browser in place of the real one. Every claim and binding stays correct unless the test
 * changes it.
 */
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload } from 'jose';
import type { Page } from 'playwright-core';
import { getStack } from './stack.js';

export type EvidenceClaims = JWTPayload & {
  evidence: Array<{ type: string; step: string; at: number; payload: Record<string, unknown> }>;
  actions: Array<Record<string, unknown>>;
};

export async function forgeEvidence(original: string, mutate: (claims: EvidenceClaims) => void, signWith?: CryptoKey): Promise<string> {
  const { bridgeSigningKey } = getStack();
  const claims = decodeJwt(original) as EvidenceClaims;
  mutate(claims);
  const header = decodeProtectedHeader(original);
  const key = signWith ?? ((await importJWK(bridgeSigningKey, 'ES256')) as CryptoKey);
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: header.kid, typ: 'io-evidence+jwt' }).sign(key);
}

/** From now on, the evidence this page posts into Keycloak (realm `realm`) is forged with `mutate`. */
export async function forgeEvidenceOf(page: Page, mutate: (claims: EvidenceClaims) => void, signWith?: CryptoKey, realm = 'demo'): Promise<void> {
  const { keycloak } = getStack();
  await page.route(`${keycloak.url}/realms/${realm}/login-actions/**`, async (route) => {
    const request = route.request();
    const form = new URLSearchParams(request.postData() ?? '');
    const evidence = form.get('io_evidence');
    if (request.method() !== 'POST' || !evidence) return route.continue();
    form.set('io_evidence', await forgeEvidence(evidence, mutate, signWith));
    return route.continue({ postData: form.toString() });
  });
}
