/**
 * Published flow versions (protocol 1.3): for a verified issuer and the handoff's `flow_versions`,
 * a validated catalog of exactly those versions, an engine over it and the versions' messages.
 * Each version is fetched once (by the injected fetcher, from the issuer's own realm), its
 * definition text checked against the digest the handoff and Keycloak name, parsed and checked to
 * be the version asked for. Fetched versions, validated catalogs and runtimes are kept in bounded
 * LRU caches, so a login whose versions are cached neither fetches nor validates; concurrent first
 * requests share one fetch. A runtime's engine runs the realm's processor lists (the handoff's
 * `realm_settings.processors`), so runtimes are cached under those lists too: two realms, or one
 * realm before and after a change of its lists, never share an engine. A journey resumed later (on any instance, after a restart) asks with the same
 * refs and gets the same versions: the digest pins them.
 */
import { FlowCatalog, type FlowInput } from '../engine/flow-catalog.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { FlowValidationContext } from '../engine/validate-flow.js';
import { describeIssue, FlowValidationError, FlowVersionError } from '../errors.js';
import { flowDigest, type FlowVersionFetcher, type FlowVersionRef } from '../handoff/flow-versions.js';
import { realmProcessorsKey, type RealmSettings } from '../handoff/realm-settings.js';
import { messageSource, type MessageSource } from '../theming/messages.js';
import { LruCache } from '../store/lru-cache.js';
import type { JourneyRuntime } from './journey-service.js';

export interface PublishedFlowsOptions {
  fetchVersion: FlowVersionFetcher;
  /** The same validation as the file flows get (flowRuntime().validation). */
  validation: FlowValidationContext;
  /** An engine whose library calls resolve in this catalog only, running the realm's processor lists. */
  engineFor: (catalog: FlowCatalog, processors: RealmSettings['processors']) => FlowEngine;
  /** IO_FLOW_CACHE_SIZE: fetched versions kept, and validated runtimes kept. */
  cacheSize: number;
  /** Told about every lookup in the runtime cache (each handoff and step) and the version cache (a miss fetches). */
  onCacheLookup?: (cache: 'runtime' | 'version', hit: boolean) => void;
}

interface CheckedVersion {
  input: FlowInput;
  messages: MessageSource;
}

export class PublishedFlows {
  private readonly versions: LruCache<CheckedVersion>;
  private readonly catalogs: LruCache<Omit<JourneyRuntime, 'engine'>>;
  private readonly runtimes: LruCache<JourneyRuntime>;

  constructor(private readonly options: PublishedFlowsOptions) {
    const observe = options.onCacheLookup;
    this.versions = new LruCache(options.cacheSize, observe && ((hit) => observe('version', hit)));
    this.catalogs = new LruCache(options.cacheSize);
    this.runtimes = new LruCache(options.cacheSize, observe && ((hit) => observe('runtime', hit)));
  }

  /**
   * The runtime of exactly these versions in the issuer's realm, with the realm's processor lists
   * (absent: the built-in sets); throws FlowVersionError.
   */
  runtime(issuer: string, refs: readonly FlowVersionRef[], processors?: RealmSettings['processors']): Promise<JourneyRuntime> {
    const set = refs.map(refKey).sort().join(',');
    return this.runtimes.load(`${issuer}|${set}|${realmProcessorsKey(processors)}`, async () => {
      const validated = await this.catalog(issuer, set, refs);
      return { ...validated, engine: this.options.engineFor(validated.catalog, processors) };
    });
  }

  /** The validated catalog of the versions and their messages (the same whatever the processors). */
  private catalog(issuer: string, set: string, refs: readonly FlowVersionRef[]): Promise<Omit<JourneyRuntime, 'engine'>> {
    return this.catalogs.load(`${issuer}|${set}`, async () => {
      const versions = await Promise.all(refs.map((ref) => this.version(issuer, ref)));
      let catalog: FlowCatalog;
      try {
        catalog = new FlowCatalog(
          versions.map((version) => version.input),
          this.options.validation,
        );
      } catch (error) {
        if (!(error instanceof FlowValidationError)) throw error;
        throw new FlowVersionError('flow_version_invalid', `published versions of ${issuer} fail validation: ${error.issues.map(describeIssue).join('; ')}`, {
          cause: error,
        });
      }
      return { catalog, messages: new Map(refs.map((ref, index) => [ref.id, versions[index]!.messages])) };
    });
  }

  private version(issuer: string, ref: FlowVersionRef): Promise<CheckedVersion> {
    return this.versions.load(`${issuer}|${refKey(ref)}`, async () => checked(ref, await this.options.fetchVersion(issuer, ref), issuer));
  }
}

/** `id|version|digest`: a version is only ever the bytes its digest names. */
const refKey = (ref: FlowVersionRef) => `${ref.id}|${ref.version}|${ref.digest}`;

/** The served version, if its text is the one the digest names and it is the version asked for. */
function checked(ref: FlowVersionRef, served: Awaited<ReturnType<FlowVersionFetcher>>, issuer: string): CheckedVersion {
  const label = `${ref.id}@${ref.version}`;
  const actual = flowDigest(served.definition);
  if (actual !== ref.digest || served.digest !== ref.digest) {
    throw new FlowVersionError(
      'flow_digest_mismatch',
      `${issuer} ${label}: the definition hashes to ${actual}; the handoff names ${ref.digest}, Keycloak ${served.digest}`,
    );
  }
  if (served.id !== ref.id || served.version !== ref.version) {
    throw new FlowVersionError('flow_version_invalid', `${issuer} ${label}: Keycloak answered ${served.id} version ${served.version}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(served.definition);
  } catch {
    throw new FlowVersionError('flow_version_invalid', `${issuer} ${label}: the definition is not JSON`);
  }
  const { id, version } = (typeof raw === 'object' && raw !== null ? raw : {}) as { id?: unknown; version?: unknown };
  if (id !== ref.id || version !== String(ref.version)) {
    throw new FlowVersionError('flow_version_invalid', `${issuer} ${label}: the definition says id ${JSON.stringify(id)} version ${JSON.stringify(version)}`);
  }
  try {
    return { input: { raw, path: `${issuer} ${label}` }, messages: messageSource(`flow ${label}`, served.messages) };
  } catch (error) {
    throw new FlowVersionError('flow_version_invalid', `${issuer} ${label}: ${(error as Error).message}`);
  }
}
