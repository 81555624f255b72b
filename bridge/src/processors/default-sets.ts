import type { FlowCategory, FlowDefinition } from '../engine/flow.js';

export const processorSetNames = [
  'authentication',
  'self-service-public',
  'self-service-protected',
  'registration',
  'admin',
  'api',
  'consent',
  'custom',
  'library',
] as const;
export type ProcessorSetName = (typeof processorSetNames)[number];

/**
 * The processors each kind of flow runs unless its settings choose otherwise, in the order they run:
 * identity checks first (so nothing else runs for an unknown or blocked user), audit last (so it
 * records the step after every other decision). Library flows run inside their caller, under the
 * caller's processors, so their own set is empty.
 */
export const defaultProcessorSets: Readonly<Record<ProcessorSetName, readonly string[]>> = deepFreeze({
  authentication: ['user-identified', 'user-valid', 'failed-attempts', 'latest-attempt', 'session-renewal', 'audit'],
  'self-service-protected': ['user-identified', 'user-valid', 'failed-attempts', 'session-renewal', 'audit'],
  // No user needs to be known (e.g. account recovery); failed-attempts counts once a user is.
  'self-service-public': ['rate-limit', 'failed-attempts', 'audit'],
  registration: ['rate-limit', 'audit'],
  admin: ['user-identified', 'user-valid', 'audit'],
  api: ['rate-limit', 'audit'],
  consent: ['user-identified', 'audit'],
  custom: ['audit'],
  library: [],
});

/** Sets a self-service flow may choose instead of the protected one without an override. */
const selfServiceSets: readonly string[] = ['self-service-protected', 'self-service-public', 'registration'];

/**
 * The default set a flow's category implies: the baseline its processors start from and that the
 * essential rule compares against. Only self-service flows choose among their sets (through
 * `settings.processors.set`); any other set named by a flow is an adjustment of this baseline, so
 * naming one cannot remove an essential processor without an override.
 */
export function categoryDefaultSet(flow: Pick<FlowDefinition, 'category' | 'settings'>): ProcessorSetName {
  if (flow.category !== 'self-service') return flow.category;
  const chosen = flow.settings?.processors?.set;
  return chosen !== undefined && selfServiceSets.includes(chosen) ? (chosen as ProcessorSetName) : 'self-service-protected';
}

function deepFreeze<T extends Record<string, readonly string[]>>(sets: T): T {
  for (const set of Object.values(sets)) Object.freeze(set);
  return Object.freeze(sets);
}

/**
 * The set a realm's processor list of a flow category replaces (protocol 1.3
 * `realm_settings.processors`): the category's own default set; for self-service,
 * `self-service-protected`, the set such a flow runs unless it chooses the public or registration
 * set itself (a flow's own `settings.processors` still applies on top of the realm's lists).
 */
export function realmListSet(category: FlowCategory): ProcessorSetName {
  return category === 'self-service' ? 'self-service-protected' : category;
}

/** The built-in sets with a realm's lists in place of the sets of their categories. */
export function realmDefaultSets(lists: Partial<Record<FlowCategory, readonly string[]>> | undefined): Readonly<Record<string, readonly string[]>> {
  if (!lists || Object.keys(lists).length === 0) return defaultProcessorSets;
  const sets: Record<string, readonly string[]> = { ...defaultProcessorSets };
  for (const [category, ids] of Object.entries(lists) as [FlowCategory, readonly string[]][]) sets[realmListSet(category)] = Object.freeze([...ids]);
  return Object.freeze(sets);
}
