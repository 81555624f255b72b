/**
 * Protocol 1.3: `realm_settings`, what the realm stored through IO's admin API (Keycloak is the
 * system of record) and the bridge applies to the journey: the theme of its pages and, per flow
 * category, the processor list that replaces the bridge's built-in default set. Only what the realm
 * set is present; an absent claim leaves the bridge's own configuration.
 */
import { flowCategories, type FlowCategory } from '../engine/flow.js';

export interface RealmSettings {
  /** The realm's theme (`PUT /io/theme`): wins over IO_THEME / themesByIssuer, not over a flow's or node's theme. */
  theme?: string;
  /** Flow category -> processor ids in run order (`PUT /io/processors/{category}`). */
  processors?: Partial<Record<FlowCategory, string[]>>;
}

export const realmThemePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const settingsFields = ['theme', 'processors'];
/** Bounds a list (the registry is far smaller; this only stops an absurd claim early). */
const maxProcessors = 64;

/**
 * The claim (absent: undefined), or a sentence saying what is wrong with it: an object of at most
 * `theme` (a theme name) and `processors` (flow category -> array of unique ids the bridge knows).
 * A realm list naming a processor this bridge does not have is refused rather than dropped: the
 * realm asked for it, and running without it could silently lose a security check.
 */
export function parseRealmSettings(value: unknown, knownProcessor: (id: string) => boolean): { settings?: RealmSettings } | { problem: string } {
  if (value === undefined) return {};
  if (!isObject(value)) return { problem: 'realm_settings must be an object' };
  const unknownField = Object.keys(value).find((key) => !settingsFields.includes(key));
  if (unknownField) return { problem: `realm_settings: unknown field ${unknownField}` };
  const settings: RealmSettings = {};
  const { theme, processors } = value;
  if (theme !== undefined) {
    if (typeof theme !== 'string' || !realmThemePattern.test(theme)) return { problem: `realm_settings.theme must match ${realmThemePattern.source}` };
    settings.theme = theme;
  }
  if (processors !== undefined) {
    if (!isObject(processors)) return { problem: 'realm_settings.processors must be an object of flow category -> processor ids' };
    const lists: Partial<Record<FlowCategory, string[]>> = {};
    for (const [category, list] of Object.entries(processors)) {
      const where = `realm_settings.processors.${category}`;
      if (!(flowCategories as readonly string[]).includes(category))
        return { problem: `${where}: unknown flow category (known: ${flowCategories.join(', ')})` };
      if (!Array.isArray(list) || list.length > maxProcessors) return { problem: `${where} must be an array of at most ${maxProcessors} processor ids` };
      const seen = new Set<string>();
      for (const [index, id] of list.entries()) {
        if (typeof id !== 'string' || !knownProcessor(id)) return { problem: `${where}[${index}]: ${JSON.stringify(id)} is not a processor of this bridge` };
        if (seen.has(id)) return { problem: `${where}[${index}]: ${id} is listed twice` };
        seen.add(id);
      }
      lists[category as FlowCategory] = [...list] as string[];
    }
    if (Object.keys(lists).length > 0) settings.processors = lists;
  }
  return Object.keys(settings).length > 0 ? { settings } : {};
}

/**
 * What distinguishes one realm's processor lists from another's, for caches of engines: the lists
 * by category in a fixed order (run order kept). Empty when the realm keeps the bridge's defaults.
 */
export function realmProcessorsKey(processors: RealmSettings['processors']): string {
  if (!processors) return '';
  const entries = flowCategories.filter((category) => processors[category] !== undefined).map((category) => [category, processors[category]]);
  return entries.length > 0 ? JSON.stringify(entries) : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
