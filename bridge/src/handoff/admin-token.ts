/**
 * The token of an admin call from Keycloak to the bridge (protocol 1.3, `POST /io/admin/...`):
 * `Authorization: Bearer <JWT>`, header typ `io-admin+jwt`, signed with a trusted realm's key and
 * checked like a handoff (realm-token.ts: aud = the bridge's audience, lifetime <= 300 s, 30 s
 * tolerance), with `purpose` naming the call, `body_sha256` the lowercase hex SHA-256 of the exact
 * request body bytes, and `jti` good once per issuer. Every failure is `admin_token_invalid`.
 */
import { createHash } from 'node:crypto';
import { AdminError } from '../errors.js';
import { clockToleranceSeconds } from './algorithms.js';
import { evidenceContract } from './evidence-contract.js';
import { createRealmTokenVerifier, type RealmKeys } from './realm-token.js';

export const adminTokenType = 'io-admin+jwt';

export interface AdminTokenOptions {
  keys: RealmKeys;
  audience: string;
  /** SET NX with TTL: false when the key was already claimed. */
  claimOnce: (key: string, ttlSeconds: number) => Promise<boolean>;
  now?: () => number;
}

export interface AdminCall {
  /** The realm issuer whose key signed the call. */
  issuer: string;
  /** The Keycloak admin behind it, when the token names one. */
  subject?: string;
}

/** Verifies the Authorization header of a call for `purpose` over `body` (the raw bytes received). */
export type AdminTokenVerifier = (authorization: string | undefined, purpose: string, body: Buffer) => Promise<AdminCall>;

export function createAdminTokenVerifier(options: AdminTokenOptions): AdminTokenVerifier {
  const now = options.now ?? (() => Date.now());
  const refused = (message: string, cause?: unknown) => new AdminError('admin_token_invalid', message, { cause });
  const verifyToken = createRealmTokenVerifier({
    keys: options.keys,
    audience: options.audience,
    type: adminTokenType,
    maxLifetimeSeconds: evidenceContract.handoffMaxLifetimeSeconds,
    fail: (failure, message, cause) => refused(`${failure}: ${message}`, cause),
    now,
  });

  return async (authorization, purpose, body) => {
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '')?.[1];
    if (!token) throw refused('no Bearer token in the Authorization header');
    const { issuer, payload } = await verifyToken(token);
    if (payload['purpose'] !== purpose) throw refused(`purpose is ${JSON.stringify(payload['purpose'])}, expected ${purpose}`);
    const bodyHash = createHash('sha256').update(body).digest('hex');
    if (payload['body_sha256'] !== bodyHash) throw refused('body_sha256 is not the SHA-256 of the request body');
    const { jti, sub } = payload;
    if (typeof jti !== 'string' || jti === '') throw refused('claim jti must be a non-empty string');
    if (sub !== undefined && typeof sub !== 'string') throw refused('claim sub must be a string');
    // Single use, recorded last: a token refused for another reason is not spent.
    const ttl = payload.exp! + clockToleranceSeconds - Math.floor(now() / 1000);
    if (!(await options.claimOnce(`admin:${issuer}|${jti}`, Math.max(ttl, 1)))) throw refused(`jti ${jti} was already used`);
    return { issuer, ...(sub ? { subject: sub } : {}) };
  };
}
