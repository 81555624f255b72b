import type { JWTPayload } from 'jose';
import { HandoffError, type HandoffErrorCode } from '../errors.js';
import { clockToleranceSeconds } from './algorithms.js';
import { evidenceContract } from './evidence-contract.js';
import { parseFlowVersions } from './flow-versions.js';
import { parseGrants } from './grants.js';
import type { HandoffClaims } from './handoff-claims.js';
import { realmOfIssuer } from './realm.js';
import { parseRealmSettings } from './realm-settings.js';
import { createRealmTokenVerifier, type RealmKeys, type TokenFailure } from './realm-token.js';

export const handoffType = 'io-handoff+jwt';
const maxLifetimeSeconds = evidenceContract.handoffMaxLifetimeSeconds;

export interface HandoffVerifierOptions {
  /** The trusted issuers' key sets. */
  keys: RealmKeys;
  audience: string;
  /**
   * Resolves the flow a handoff asks for (undefined for obligations) and makes sure what it runs can
   * be loaded (protocol 1.3: the published versions); throws FlowNotFoundError for an unknown flow,
   * an IoError for versions that cannot be loaded. Runs before the jti is spent.
   */
  resolveFlow: (claims: HandoffClaims) => Promise<string | undefined>;
  /**
   * Whether this bridge has a processor of this id (protocol 1.3 `realm_settings.processors` may
   * only name those). Absent: the realm's processor lists are refused as naming none it knows.
   */
  knownProcessor?: (id: string) => boolean;
  /** SET NX with TTL: false when the key was already claimed. */
  claimOnce: (key: string, ttlSeconds: number) => Promise<boolean>;
  /**
   * When the store holding the single-use marker `key` began (seconds): a handoff issued before it
   * may have been used already, its marker lost with the store's data, so it is refused.
   */
  storeGeneration: (key: string) => Promise<number>;
  now?: () => number;
}

export interface VerifiedHandoff {
  claims: HandoffClaims;
  /** The flow reference to run (`id` or `id@version`); absent when the handoff carries obligations instead. */
  flowRef?: string;
}

export type HandoffVerifier = (token: string | undefined) => Promise<VerifiedHandoff>;

/**
 * Verifies a handoff token with the checks of docs/handoff-protocol.md, in the documented order.
 * Any failure is a HandoffError (or FlowNotFoundError) and nothing is recorded except, for a token
 * that passed every other check, its jti.
 */
export function createHandoffVerifier(options: HandoffVerifierOptions): HandoffVerifier {
  const now = options.now ?? (() => Date.now());
  const verifyToken = createRealmTokenVerifier({
    keys: options.keys,
    audience: options.audience,
    type: handoffType,
    maxLifetimeSeconds,
    fail: (failure, message, cause) => new HandoffError(handoffCodes[failure], message, { cause }),
    now,
  });

  return async (token) => {
    // 1. present, compact JWS, typ, asymmetric alg; 2. trusted issuer; 3. signature; 4. audience and times
    if (!token) throw new HandoffError('handoff_missing', 'no handoff token in the request');
    const { issuer, payload } = await verifyToken(token);

    // 5. required claims (the realm comes from the verified issuer), grants, known flow
    const claims = requireClaims(payload, issuer, options.knownProcessor ?? (() => false));
    const flowRef = await options.resolveFlow(claims);

    // 6. return_uri stays inside the issuer's login-actions
    requireReturnUriInside(claims.return_uri, issuer);

    // 7. single use: issued after the replay guard's store began, and never seen before by this issuer
    const marker = `handoff:${issuer}|${claims.jti}`;
    if (claims.iat < (await options.storeGeneration(marker))) {
      throw new HandoffError(
        'handoff_replayed',
        `handoff ${claims.jti} was issued before the store of single-use markers was (re)created; it may have been used`,
      );
    }
    const ttl = claims.exp + clockToleranceSeconds - Math.floor(now() / 1000);
    if (!(await options.claimOnce(marker, Math.max(ttl, 1)))) {
      throw new HandoffError('handoff_replayed', `handoff ${claims.jti} was already used`);
    }
    return { claims, flowRef };
  };
}

const handoffCodes: Record<TokenFailure, HandoffErrorCode> = {
  malformed: 'handoff_malformed',
  untrusted_issuer: 'handoff_untrusted_issuer',
  invalid_signature: 'handoff_invalid_signature',
  invalid_claims: 'handoff_invalid_claims',
  expired: 'handoff_expired',
  issuer_unreachable: 'issuer_unreachable',
};

const requiredStrings = ['jti', 'azp', 'tab_id', 'nonce', 'return_uri'] as const;

function requireClaims(payload: JWTPayload, issuer: string, knownProcessor: (id: string) => boolean): HandoffClaims {
  for (const claim of requiredStrings) {
    const value = payload[claim];
    if (typeof value !== 'string' || value === '') {
      throw new HandoffError('handoff_invalid_claims', `claim ${claim} must be a non-empty string`);
    }
  }
  // The realm is the verified issuer's; a `realm` claim naming another one is a forgery or a bug.
  const realm = realmOfIssuer(issuer);
  if (payload['realm'] !== undefined && payload['realm'] !== realm) {
    throw new HandoffError('handoff_invalid_claims', `claim realm ${JSON.stringify(payload['realm'])} is not the issuer's realm ${realm}`);
  }
  const grants = parseGrants(payload['grants'] ?? []);
  if ('problem' in grants) throw new HandoffError('handoff_invalid_claims', `claim grants: ${grants.problem}`);
  for (const claim of ['sub', 'flow', 'locale', 'acr'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'string') {
      throw new HandoffError('handoff_invalid_claims', `claim ${claim} must be a string`);
    }
  }
  // Protocol 1.1: Keycloak names the login's correlation id; the evidence must carry it back.
  const correlationId = payload.correlation_id;
  if (correlationId !== undefined && (typeof correlationId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(correlationId))) {
    throw new HandoffError('handoff_invalid_claims', 'claim correlation_id must be 1 to 64 characters of [A-Za-z0-9._-]');
  }
  const { flow, obligations } = payload;
  if (flow !== undefined && obligations !== undefined) {
    throw new HandoffError('handoff_invalid_claims', 'the handoff names both a flow and obligations (protocol 1.1: one or the other)');
  }
  if (obligations !== undefined) requireObligations(obligations);
  else if (!flow) throw new HandoffError('handoff_invalid_claims', 'the handoff names neither a flow nor obligations');
  // Protocol 1.3: the published versions to run; their shape is the contract's, so a bad one is malformed.
  const versions = parseFlowVersions(payload as Parameters<typeof parseFlowVersions>[0]);
  if ('problem' in versions) throw new HandoffError('handoff_malformed', `claim ${versions.problem}`);
  // Protocol 1.3: the realm's stored theme and processor lists; a shape the contract does not allow is malformed.
  const realmSettings = parseRealmSettings(payload['realm_settings'], knownProcessor);
  if ('problem' in realmSettings) throw new HandoffError('handoff_malformed', `claim ${realmSettings.problem}`);
  const { flow_versions: _raw, realm_settings: _settings, ...rest } = payload;
  return {
    ...(rest as unknown as HandoffClaims),
    realm,
    grants: grants.grants,
    ...(versions.refs ? { flow_versions: versions.refs } : {}),
    ...(realmSettings.settings ? { realm_settings: realmSettings.settings } : {}),
  };
}

const obligationType = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Protocol 1.1: a non-empty array of `{type, mode, params}`. */
function requireObligations(obligations: unknown): void {
  if (!Array.isArray(obligations) || obligations.length === 0 || obligations.length > 50) {
    throw new HandoffError('handoff_invalid_claims', 'claim obligations must be an array of 1 to 50 obligations');
  }
  obligations.forEach((obligation: unknown, index) => {
    const problem = (message: string) => new HandoffError('handoff_invalid_claims', `obligations[${index}]: ${message}`);
    if (typeof obligation !== 'object' || obligation === null || Array.isArray(obligation)) throw problem('must be an object');
    const { type, mode, params } = obligation as Record<string, unknown>;
    if (typeof type !== 'string' || !obligationType.test(type)) throw problem(`type must match ${obligationType.source}`);
    if (mode !== undefined && mode !== 'mandatory' && mode !== 'soft') throw problem('mode must be mandatory or soft');
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) throw problem('params must be an object');
  });
}

function requireReturnUriInside(returnUri: string, issuer: string): void {
  const prefix = `${issuer}/login-actions/`;
  let normalized: string;
  try {
    normalized = new URL(returnUri).href;
  } catch {
    throw new HandoffError('handoff_invalid_claims', 'return_uri is not an absolute URL');
  }
  // Both the raw and the normalized form must match, so dot segments cannot climb out of the prefix.
  if (!returnUri.startsWith(prefix) || !normalized.startsWith(prefix)) {
    throw new HandoffError('handoff_invalid_claims', `return_uri must start with ${prefix}`);
  }
}
