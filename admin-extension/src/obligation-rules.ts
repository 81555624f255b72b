/**
 * The realm's obligation policy as `GET /io/obligation-rules` answers it (docs/admin-api.md,
 * "Obligation rules"), and a one-line summary of a rule's conditions for the Obligations page. The
 * rules are edited as their JSON; Keycloak's parser is the only judge of them.
 */

export type Scope = 'io-clients' | 'all';

/** One rule as stored; only what the table shows is typed (the rest is kept as it is). */
export interface ObligationRule {
  type?: unknown;
  mode?: unknown;
  when?: unknown;
  [field: string]: unknown;
}

export interface ObligationPolicy {
  rules: ObligationRule[];
  scope: Scope;
  /** The parser's message when the stored rules are invalid (logins fail closed until they are fixed). */
  problem?: string;
}

/** What a new rule starts as in the editor. */
export const NEW_RULE: ObligationRule = { type: 'require_attributes', when: { attributesMissing: ['company'] } };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** `[a, b]` as `a, b`; `{purpose: version}` (consentMissing) as `purpose@version`. */
const names = (value: unknown) =>
  Array.isArray(value)
    ? value.map(String).join(', ')
    : isObject(value)
      ? Object.entries(value)
          .map(([name, version]) => `${name}@${String(version)}`)
          .join(', ')
      : JSON.stringify(value);

/**
 * A condition in one line, in the rules' own vocabulary: `attributesMissing: company, jobTitle`,
 * `consentMissing: marketing@2`, `client: demo-app`, `attributeOlderThan: io_terms_version < 2026-10`,
 * `not (…)`, `all (…; …)`, `any (… | …)`.
 * Something the parser would refuse is shown as its JSON.
 */
export function summarizeCondition(condition: unknown): string {
  const entries = isObject(condition) ? Object.entries(condition) : [];
  if (entries.length !== 1) return JSON.stringify(condition) ?? '';
  const [kind, value] = entries[0]!;
  switch (kind) {
    case 'attributesMissing':
    case 'credentialMissing':
    case 'consentMissing':
    case 'client':
      return `${kind}: ${names(value)}`;
    case 'profileRequiredMissing':
    case 'emailNotVerified':
      return value === true ? kind : `${kind}: ${JSON.stringify(value)}`;
    case 'attributeOlderThan':
      return isObject(value) ? `${kind}: ${String(value['attribute'])} < ${String(value['value'])}` : JSON.stringify(condition);
    case 'not':
      return `not (${summarizeCondition(value)})`;
    case 'all':
    case 'any':
      return Array.isArray(value) ? `${kind} (${value.map(summarizeCondition).join(kind === 'all' ? '; ' : ' | ')})` : JSON.stringify(condition);
    default:
      return JSON.stringify(condition);
  }
}

/** The rule's mode as logins read it (absent: mandatory). */
export const modeOf = (rule: ObligationRule): string => (typeof rule.mode === 'string' ? rule.mode : 'mandatory');
