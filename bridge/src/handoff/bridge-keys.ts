import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { ConfigError } from '../errors.js';
import { isAsymmetricAlgorithm } from './algorithms.js';

/** The bridge's own signing keys: the first signs evidence, all are published (key rotation). */
export interface BridgeKeySet {
  signing: { key: CryptoKey | Uint8Array; kid: string; alg: string };
  /** Public halves only, served at /.well-known/jwks.json. */
  publicJwks: { keys: JWK[] };
  /** True when generated at startup: evidence signed before a restart stops verifying. */
  ephemeral: boolean;
}

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

export async function loadBridgeKeys(privateJwks: JWK[] | undefined): Promise<BridgeKeySet> {
  if (!privateJwks?.length) return generateEphemeralKeys();
  const [first] = privateJwks;
  if (!first) throw new ConfigError('IO_SIGNING_KEYS_FILE', 'holds no keys');
  const publicJwks = privateJwks.map((jwk) => {
    if (!jwk.kid || !isAsymmetricAlgorithm(jwk.alg) || !jwk.d) {
      throw new ConfigError('IO_SIGNING_KEYS_FILE', `every key needs kid, an asymmetric alg and its private part (key ${jwk.kid ?? '?'})`);
    }
    return publicPart(jwk);
  });
  const key = await importJWK(first, first.alg).catch((error: unknown) => {
    throw new ConfigError('IO_SIGNING_KEYS_FILE', `key ${first.kid} cannot be imported: ${(error as Error).message}`);
  });
  return { signing: { key, kid: first.kid as string, alg: first.alg as string }, publicJwks: { keys: publicJwks }, ephemeral: false };
}

async function generateEphemeralKeys(): Promise<BridgeKeySet> {
  const alg = 'ES256';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `ephemeral-${crypto.randomUUID()}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { signing: { key: privateKey, kid, alg }, publicJwks: { keys: [publicJwk] }, ephemeral: true };
}

function publicPart(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk, use: 'sig' };
  for (const member of privateMembers) delete copy[member];
  return copy as JWK;
}
