import type { EvidenceEntry } from '../../engine/execution.js';
import type { NodeContext } from '../../engine/node-type.js';

/** An evidence entry for the current step (`at` in seconds, as the evidence token carries it). */
export function evidenceOf(ctx: NodeContext<unknown>, type: string, payload: Record<string, unknown>): EvidenceEntry {
  return { type, step: ctx.node.id, at: Math.floor(ctx.now / 1000), payload };
}
