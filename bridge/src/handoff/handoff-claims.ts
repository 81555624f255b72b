import type { FlowVersionRef } from './flow-versions.js';
import type { Grant } from './grants.js';
import type { RealmSettings } from './realm-settings.js';

/** A typed obligation from the handoff (protocol 1.1); the bridge maps obligation types to flows. */
export interface Obligation {
  /** Open vocabulary: `[A-Za-z0-9_.:-]{1,64}`. */
  type: string;
  /** `soft`: the user may skip it (default `mandatory`). */
  mode?: 'mandatory' | 'soft';
  params?: Record<string, unknown>;
  /** Protocol 1.3: the library flow (listed in `flow_versions`) from the realm's stored mapping; absent: the bridge's own mapping. */
  flow?: string;
}

/** The verified claims of a handoff token (protocol hop 1). */
export interface HandoffClaims {
  iss: string;
  aud: string | string[];
  iat: number;
  exp: number;
  jti: string;
  sub?: string;
  azp: string;
  /** The realm of the verified issuer (`{base}/realms/{realm}`); a `realm` claim must agree. */
  realm: string;
  /** Protocol 1.2: what the evidence may do; an absent claim grants nothing. */
  grants: Grant[];
  tab_id: string;
  nonce: string;
  flow?: string;
  obligations?: Obligation[];
  /**
   * Protocol 1.3: the published versions to run, entry 0 the `flow` (or, for obligations, the
   * flows they name) and then every library flow they may call. Absent: the bridge's file flows.
   */
  flow_versions?: FlowVersionRef[];
  /**
   * Protocol 1.3: the realm's theme and processor lists as stored in Keycloak, only what the realm
   * set (absent: the bridge's own configuration). Kept with the session's claims, so a resumed
   * journey keeps the settings it started with.
   */
  realm_settings?: RealmSettings;
  locale?: string;
  acr?: string;
  user?: { username?: string; email?: string; given_name?: string; family_name?: string };
  return_uri: string;
  /** Protocol 1.1: the login's correlation id, made by Keycloak; the evidence returns it unchanged. */
  correlation_id?: string;
}
