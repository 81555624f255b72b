import type { Logger } from '../audit/logger.js';
import type { BridgeKeySet } from '../handoff/bridge-keys.js';
import { realmOfIssuer } from '../handoff/realm.js';
import type { ServiceAccount } from '../connectors/index.js';
import { combined, Readiness, type CheckResult } from './readiness.js';

export interface BridgeReadinessDeps {
  /** The session store's PING (Redis; the in-memory store always answers). */
  ping: () => Promise<void>;
  /** `memory` or `redis`. */
  store: string;
  keys: BridgeKeySet;
  trustedIssuers: readonly string[];
  /** The service account that fetches published flow versions; absent: flows come from IO_FLOWS_DIR only. */
  account?: ServiceAccount;
  logger: Logger;
}

/**
 * The bridge's readiness checks:
 * - `store`: the session store answers (Redis PING);
 * - `signing_key`: the evidence key is loaded and published in the JWKS;
 * - `flow_source`: where flows come from can be used: files (read and validated at start, so a
 *   running bridge has them), or Keycloak's runtime endpoint, whose service-account token each trusted
 *   realm must grant (a cached token counts). Some realms failing is `degraded` (the bridge serves
 *   the others); all of them failing is `fail`.
 * A check failing makes the bridge not ready (503); each change is logged with its reason.
 */
export function bridgeReadiness(deps: BridgeReadinessDeps): Readiness {
  const { logger } = deps;
  return new Readiness({
    checks: {
      store: async () => {
        await deps.ping();
        return { status: 'ok', details: { store: deps.store } };
      },
      signing_key: async () => signingKey(deps.keys),
      flow_source: async () => flowSource(deps.trustedIssuers, deps.account),
    },
    onChange: (check, result, previous) => {
      const fields = { check, status: result.status, ...(previous ? { previous } : {}), ...(result.reason ? { reason: result.reason } : {}) };
      if (result.status === 'ok') logger.info('readiness_recovered', fields);
      else logger.warn('readiness_check_failed', fields);
    },
  });
}

function signingKey(keys: BridgeKeySet): CheckResult {
  const published = keys.publicJwks.keys.some((jwk) => jwk.kid === keys.signing.kid);
  if (!published) return { status: 'fail', reason: `the signing key ${keys.signing.kid} is not in the published JWKS` };
  return { status: 'ok', details: { kid: keys.signing.kid, ephemeral: keys.ephemeral } };
}

async function flowSource(issuers: readonly string[], account: ServiceAccount | undefined): Promise<CheckResult> {
  if (!account) return { status: 'ok', details: { source: 'files' } };
  const realms: Record<string, boolean> = {};
  const reasons: string[] = [];
  await Promise.all(
    issuers.map(async (issuer) => {
      try {
        await account.token(issuer);
        realms[realmOfIssuer(issuer)] = true;
      } catch (error) {
        realms[realmOfIssuer(issuer)] = false;
        reasons.push((error as Error).message);
      }
    }),
  );
  const status = combined(realms);
  return {
    status,
    details: { source: 'keycloak', realms: Object.fromEntries(Object.entries(realms).map(([realm, ok]) => [realm, ok ? 'ok' : 'fail'])) },
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
  };
}
