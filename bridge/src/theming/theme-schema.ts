import { Ajv } from 'ajv';

/** Helpers a theme may enable in `theme.json` (`helpers`); `t` and Handlebars' own block helpers are always there. */
export const optionalHelperNames = ['eq', 'ne', 'not', 'and', 'or', 'upper', 'lower', 'json', 'formatNumber', 'formatDate', 'ifLocale'] as const;
export type OptionalHelperName = (typeof optionalHelperNames)[number];

/** What `themes/<name>/theme.json` says. */
export interface ThemeDescriptor {
  /** Must equal the directory name. */
  name: string;
  /** The theme this one inherits from (like Keycloak's `parent=`); null or absent for a root theme. */
  parent?: string | null;
  description?: string;
  /** Optional helpers this theme's templates use (inherited by child themes). */
  helpers?: OptionalHelperName[];
  /** Paths under `static/` (resolved child theme first). */
  favicon?: string;
  logo?: string;
  /** Stylesheets under `static/`, linked parents' first (a child adds its own after them). */
  styles?: string[];
  /** Locales offered in the language switcher; default: every locale with a bundle in the chain. */
  locales?: string[];
  /** Locale used when nothing else matches (default: the parent's, else `en`). */
  defaultLocale?: string;
}

const themeName = '^[a-z0-9][a-z0-9_-]*$';
const locale = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
const staticPath = '^(?!/)(?!.*\\.\\.)[A-Za-z0-9_./-]+$';

export const themeDescriptorSchema = {
  $id: 'https://io-keycloak.dev/schemas/theme.json',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: themeName },
    parent: { type: ['string', 'null'], pattern: themeName },
    description: { type: 'string' },
    helpers: { type: 'array', uniqueItems: true, items: { enum: [...optionalHelperNames] } },
    favicon: { type: 'string', pattern: staticPath },
    logo: { type: 'string', pattern: staticPath },
    styles: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: staticPath } },
    locales: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: locale } },
    defaultLocale: { type: 'string', pattern: locale },
  },
} as const;

export const validateThemeDescriptor = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile<ThemeDescriptor>(themeDescriptorSchema);

/** One readable sentence for the first schema error, e.g. `helpers/0 must be one of: eq, ne, ...`. */
export function describeSchemaError(): string {
  const [error] = validateThemeDescriptor.errors ?? [];
  if (!error) return 'is invalid';
  const where = error.instancePath ? error.instancePath.slice(1) : '(root)';
  if (error.keyword === 'additionalProperties') return `unknown property "${String(error.params['additionalProperty'])}"`;
  if (error.keyword === 'enum') return `${where} must be one of: ${(error.params['allowedValues'] as string[]).join(', ')}`;
  return `${where} ${error.message ?? 'is invalid'}`;
}
