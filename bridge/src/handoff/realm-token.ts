/**
 * Tokens a trusted Keycloak realm signs for the bridge (the handoff, the admin validate call):
 * compact JWS of the expected `typ`, an asymmetric algorithm, a trusted `iss` (exact match, before
 * any network call), a signature by a key of that realm's JWKS, the bridge's `aud`, `iat` and `exp`
 * present, not expired and not in the future (30 s tolerance), and a bounded lifetime. Each caller
 * turns a failure into its own error codes.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { asymmetricAlgorithms, clockToleranceSeconds, isAsymmetricAlgorithm } from './algorithms.js';

/** One cached key set per trusted issuer; jose refetches it when a token names an unknown kid. */
export type RealmKeys = ReadonlyMap<string, ReturnType<typeof createRemoteJWKSet>>;

export function realmKeys(trustedIssuers: readonly string[]): RealmKeys {
  return new Map(trustedIssuers.map((issuer) => [issuer, createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`), { timeoutDuration: 5000 })]));
}

/** Why a token was refused. */
export type TokenFailure = 'malformed' | 'untrusted_issuer' | 'invalid_signature' | 'invalid_claims' | 'expired' | 'issuer_unreachable';

export interface RealmTokenOptions {
  keys: RealmKeys;
  audience: string;
  /** The header `typ` the token must carry. */
  type: string;
  maxLifetimeSeconds: number;
  /** The error to throw for a failure. */
  fail: (failure: TokenFailure, message: string, cause?: unknown) => Error;
  now?: () => number;
}

export interface VerifiedRealmToken {
  issuer: string;
  payload: JWTPayload;
}

export type RealmTokenVerifier = (token: string) => Promise<VerifiedRealmToken>;

export function createRealmTokenVerifier(options: RealmTokenOptions): RealmTokenVerifier {
  const { fail, type, maxLifetimeSeconds } = options;
  const now = options.now ?? (() => Date.now());
  return async (token) => {
    // compact JWS, typ, asymmetric alg
    const unverified = decodeUnverified(token, fail);
    if (unverified.header.typ !== type) throw fail('malformed', `header typ is ${String(unverified.header.typ)}, expected ${type}`);
    if (!isAsymmetricAlgorithm(unverified.header.alg)) throw fail('invalid_signature', `algorithm ${String(unverified.header.alg)} is not allowed`);

    // trusted issuer (exact match, before any network call)
    const issuer = unverified.payload.iss;
    const keySet = typeof issuer === 'string' ? options.keys.get(issuer) : undefined;
    if (!issuer || !keySet) throw fail('untrusted_issuer', `issuer ${String(issuer)} is not trusted`);

    // signature, audience and time claims
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer,
        audience: options.audience,
        typ: type,
        algorithms: [...asymmetricAlgorithms],
        requiredClaims: ['iat', 'exp'],
        clockTolerance: clockToleranceSeconds,
        currentDate: new Date(now()),
      }));
    } catch (error) {
      throw translateJoseError(error, fail);
    }
    if (payload.exp! - payload.iat! > maxLifetimeSeconds) throw fail('invalid_claims', `lifetime exp - iat exceeds ${maxLifetimeSeconds} s`);
    if (payload.iat! > now() / 1000 + clockToleranceSeconds) throw fail('invalid_claims', 'iat is in the future');
    return { issuer, payload };
  };
}

function decodeUnverified(token: string, fail: RealmTokenOptions['fail']) {
  try {
    if (token.split('.').length !== 3) throw new Error('not a compact JWS');
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch (error) {
    throw fail('malformed', `not a compact JWS: ${(error as Error).message}`, error);
  }
}

function translateJoseError(error: unknown, fail: RealmTokenOptions['fail']): Error {
  if (error instanceof errors.JWTExpired) return fail('expired', 'token expired', error);
  if (error instanceof errors.JWTClaimValidationFailed) return fail('invalid_claims', `claim ${error.claim}: ${error.message}`, error);
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return fail('invalid_signature', error.message, error);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return fail('malformed', error.message, error);
  // Timeouts, refused connections, non-200 or unparsable key sets: the issuer cannot vouch right now.
  return fail('issuer_unreachable', `cannot fetch the issuer's keys: ${(error as Error).message}`, error);
}
