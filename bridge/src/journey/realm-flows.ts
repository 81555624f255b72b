import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { FlowCatalog, readFlowDirectory, type FlowInput } from '../engine/flow-catalog.js';
import type { FlowValidationContext } from '../engine/validate-flow.js';
import { realmOfIssuer } from '../handoff/realm.js';

/** The folder under IO_FLOWS_DIR whose sub-folders hold each realm's own flows. */
export const realmFlowsFolder = 'realms';

/**
 * Which flows each realm (trusted issuer) may run. The `*.json` files at the top of IO_FLOWS_DIR
 * are shared by every realm; `realms/<realm>/*.json` belong to that realm alone and replace a
 * shared flow of the same id for it. A realm's catalog is validated on its own, so its flows can
 * only call flows it can see, and a realm never reaches another realm's own flow by any reference.
 */
export class RealmFlows {
  private constructor(
    readonly shared: FlowCatalog,
    private readonly byIssuer: ReadonlyMap<string, FlowCatalog>,
    readonly warnings: readonly string[],
  ) {}

  static fromDirectory(dir: string, trustedIssuers: readonly string[], env: FlowValidationContext, extra: readonly FlowInput[] = []): RealmFlows {
    const sharedInputs = [...readFlowDirectory(dir), ...extra];
    const shared = new FlowCatalog(sharedInputs, env);
    const warnings = [...shared.warnings];
    const realmsDir = join(dir, realmFlowsFolder);
    const folders = existsSync(realmsDir)
      ? readdirSync(realmsDir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name)
      : [];

    const byIssuer = new Map<string, FlowCatalog>();
    const claimedBy = new Map<string, string>();
    for (const issuer of trustedIssuers) {
      const realm = realmOfIssuer(issuer);
      if (!folders.includes(realm)) {
        byIssuer.set(issuer, shared);
        continue;
      }
      const other = claimedBy.get(realm);
      if (other) {
        throw new ConfigError(
          'IO_FLOWS_DIR',
          `${join(realmsDir, realm)} would belong to two trusted issuers (${other} and ${issuer}): realm flows need realm names that tell the issuers apart`,
        );
      }
      claimedBy.set(realm, issuer);
      const own = readFlowDirectory(join(realmsDir, realm));
      const ownIds = new Set(own.map((input) => (input.raw as { id?: unknown } | null)?.id));
      const catalog = new FlowCatalog([...own, ...sharedInputs.filter((input) => !ownIds.has((input.raw as { id?: unknown } | null)?.id))], env);
      warnings.push(...catalog.warnings.filter((warning) => !shared.warnings.includes(warning)));
      byIssuer.set(issuer, catalog);
    }
    for (const folder of folders.filter((name) => !claimedBy.has(name))) {
      warnings.push(`${join(realmsDir, folder)}: no trusted issuer has the realm "${folder}"; its flows are not loaded`);
    }
    return new RealmFlows(shared, byIssuer, warnings);
  }

  /** The flows of a trusted issuer's realm: its own, then the shared ones it does not replace. */
  for(issuer: string): FlowCatalog {
    const catalog = this.byIssuer.get(issuer);
    if (!catalog) throw new ConfigError('IO_TRUSTED_ISSUERS', `${issuer} is not a trusted issuer`);
    return catalog;
  }

  /** Every trusted issuer with its catalog. */
  entries(): Array<[issuer: string, catalog: FlowCatalog]> {
    return [...this.byIssuer];
  }
}
