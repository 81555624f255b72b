/**
 * Protocol 1.3 `realm_settings`: the claim's shape, the processor lists a realm stores in Keycloak
 * replacing the built-in sets of their categories (flow adjustments and the essential rule on top),
 * the key engines are cached under, and where a realm's stored theme sits in the theme order.
 */
import { expect } from 'chai';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { flowRuntime } from '../../src/flow-runtime.js';
import { parseRealmSettings, realmProcessorsKey } from '../../src/handoff/realm-settings.js';
import { builtInProcessors, defaultProcessorSets, realmDefaultSets, realmListSet } from '../../src/processors/index.js';
import { ThemeRegistry } from '../../src/theming/theme-registry.js';
import { themesDir } from '../theming/support.js';

const registry = builtInProcessors();
const known = (id: string) => registry.get(id) !== undefined;
const problemOf = (value: unknown) => {
  const parsed = parseRealmSettings(value, known);
  return 'problem' in parsed ? parsed.problem : undefined;
};

/** A flow of a category with optional settings.processors; the resolver reads nothing else. */
const flow = (category: FlowDefinition['category'], processors?: NonNullable<FlowDefinition['settings']>['processors'], id = 'f') =>
  ({
    schemaVersion: 1,
    id,
    name: id,
    category,
    version: '1',
    start: 'a',
    nodes: [],
    links: [],
    ...(processors ? { settings: { processors } } : {}),
  }) as FlowDefinition;
const idsOf = (resolve: (flow: FlowDefinition) => { processors: { id: string }[] }, definition: FlowDefinition) =>
  resolve(definition).processors.map((processor) => processor.id);

describe('handoff claim realm_settings (protocol 1.3)', () => {
  it('is absent when the realm set nothing (and an empty object means nothing too)', () => {
    expect(parseRealmSettings(undefined, known)).to.deep.equal({});
    expect(parseRealmSettings({}, known)).to.deep.equal({});
    expect(parseRealmSettings({ processors: {} }, known)).to.deep.equal({});
  });

  it('reads a theme and processor lists by flow category, run order kept', () => {
    const value = { theme: 'example-child', processors: { authentication: ['rate-limit', 'user-identified', 'audit'], 'self-service': [], library: [] } };
    expect(parseRealmSettings(value, known)).to.deep.equal({ settings: value });
  });

  for (const [label, value, expected] of [
    ['not an object', ['x'], /must be an object/],
    ['an unknown field', { theme: 'default', colour: 'red' }, /unknown field colour/],
    ['a theme that is not a name', { theme: '../etc' }, /theme must match/],
    ['an upper-case theme', { theme: 'Dark' }, /theme must match/],
    ['a theme of 65 characters', { theme: 'a'.repeat(65) }, /theme must match/],
    ['processors not an object', { processors: ['audit'] }, /processors must be an object/],
    ['an unknown category', { processors: { 'self-service-public': ['audit'] } }, /unknown flow category/],
    ['a list that is not an array', { processors: { authentication: 'audit' } }, /must be an array/],
    ['an unregistered processor', { processors: { authentication: ['audit', 'captcha-everything'] } }, /\[1\]: "captcha-everything" is not a processor/],
    ['a non-string id', { processors: { api: [7] } }, /\[0\]: 7 is not a processor/],
    ['a processor listed twice', { processors: { api: ['audit', 'audit'] } }, /\[1\]: audit is listed twice/],
  ] as const) {
    it(`refuses ${label}`, () => expect(problemOf(value)).to.match(expected));
  }

  it('keys processor lists by category in a fixed order, so equal lists share and different ones never do', () => {
    expect(realmProcessorsKey(undefined)).to.equal('');
    expect(realmProcessorsKey({})).to.equal('');
    const a = realmProcessorsKey({ api: ['audit'], authentication: ['audit'] });
    expect(realmProcessorsKey({ authentication: ['audit'], api: ['audit'] })).to.equal(a);
    expect(realmProcessorsKey({ authentication: ['audit'] })).not.to.equal(a);
    expect(realmProcessorsKey({ authentication: ['rate-limit', 'audit'] })).not.to.equal(realmProcessorsKey({ authentication: ['audit', 'rate-limit'] }));
    expect(realmProcessorsKey({ authentication: [] })).not.to.equal('');
  });
});

describe("processors with a realm's lists (realm_settings.processors)", () => {
  const runtime = flowRuntime();

  it('replace the built-in set of their category (self-service: the protected set)', () => {
    expect(realmListSet('authentication')).to.equal('authentication');
    expect(realmListSet('self-service')).to.equal('self-service-protected');
    const sets = realmDefaultSets({ authentication: ['rate-limit', 'audit'], 'self-service': ['audit'] });
    expect(sets['authentication']).to.deep.equal(['rate-limit', 'audit']);
    expect(sets['self-service-protected']).to.deep.equal(['audit']);
    expect(sets['self-service-public']).to.deep.equal(defaultProcessorSets['self-service-public']);
    expect(defaultProcessorSets.authentication, 'the built-in sets stay as they are').to.include('user-identified');
    expect(realmDefaultSets(undefined)).to.equal(defaultProcessorSets);
  });

  it("run a realm's list for its category, with the flow's own adjustments on top", () => {
    const resolve = runtime.resolveProcessorsFor({ authentication: ['user-identified', 'rate-limit', 'audit'] });
    expect(idsOf(resolve, flow('authentication'))).to.deep.equal(['user-identified', 'rate-limit', 'audit']);
    expect(idsOf(resolve, flow('authentication', { add: ['latest-attempt'] }, 'adds'))).to.deep.equal([
      'user-identified',
      'rate-limit',
      'audit',
      'latest-attempt',
    ]);
    expect(idsOf(resolve, flow('api', undefined, 'an-api')), 'other categories keep the built-in set').to.deep.equal([...defaultProcessorSets.api]);
    expect(idsOf(runtime.resolveProcessorsFor(undefined), flow('authentication'))).to.deep.equal([...defaultProcessorSets.authentication]);
  });

  it('let a realm drop a processor from its baseline: the flow is not forced to keep what the realm removed', () => {
    const resolve = runtime.resolveProcessorsFor({ authentication: ['user-identified', 'user-valid', 'session-renewal'] });
    const resolved = resolve(flow('authentication'));
    expect(resolved.processors.map((p) => p.id)).to.deep.equal(['user-identified', 'user-valid', 'session-renewal']);
    expect(resolved.warnings).to.deep.equal([]);
  });

  it('keep an essential processor the realm added that the flow removes without an override, with a warning', () => {
    const resolve = runtime.resolveProcessorsFor({ authentication: ['user-identified', 'rate-limit', 'audit'] });
    const removing = resolve(flow('authentication', { remove: ['rate-limit'] }, 'quiet'));
    expect(removing.processors.map((p) => p.id)).to.deep.equal(['user-identified', 'rate-limit', 'audit']);
    expect(removing.warnings).to.have.length(1);
    expect(removing.warnings![0]).to.match(/"rate-limit".*kept in authentication flow quiet.*override\.reason/);
    const overridden = resolve(flow('authentication', { remove: ['rate-limit'], override: { reason: 'the WAF limits' } }, 'waf'));
    expect(overridden.processors.map((p) => p.id)).to.deep.equal(['user-identified', 'audit']);
    expect(overridden.warnings![0]).to.match(/removed from authentication flow waf: the WAF limits/);
  });

  it("are a separate resolver per list: one realm's lists never leak into another's engine", () => {
    const a = runtime.resolveProcessorsFor({ authentication: ['audit'] });
    const b = runtime.resolveProcessorsFor({ authentication: ['rate-limit', 'audit'] });
    const definition = flow('authentication');
    expect(idsOf(a, definition)).to.deep.equal(['audit']);
    expect(idsOf(b, definition)).to.deep.equal(['rate-limit', 'audit']);
    expect(idsOf(a, definition), 'resolved again from its own cache').to.deep.equal(['audit']);
  });
});

describe("a realm's stored theme (realm_settings.theme)", () => {
  const acme = 'https://kc/realms/acme';

  it('wins over themesByIssuer and the default; a flow or node theme wins over it', () => {
    const registry = new ThemeRegistry({ themesDir, defaultTheme: 'default', themesByIssuer: { [acme]: 'base' } });
    expect(registry.select({ issuer: acme }).name).to.equal('base');
    expect(registry.select({ issuer: acme, realmTheme: 'example-child' }).name).to.equal('example-child');
    expect(registry.select({ issuer: 'https://kc/realms/other', realmTheme: 'example-child' }).name).to.equal('example-child');
    expect(registry.select({ issuer: acme, realmTheme: 'example-child', flowTheme: 'default' }).name).to.equal('default');
    expect(registry.select({ issuer: acme, realmTheme: 'example-child', flowTheme: 'default', nodeTheme: 'base' }).name).to.equal('base');
  });

  it('falls back as if unset when this bridge has no such theme, reported once per realm and name', () => {
    const reported: string[] = [];
    const registry = new ThemeRegistry({
      themesDir,
      defaultTheme: 'default',
      themesByIssuer: { [acme]: 'example-child' },
      unknownRealmTheme: (issuer, theme) => reported.push(`${issuer} ${theme}`),
    });
    expect(registry.select({ issuer: acme, realmTheme: 'no-such-theme' }).name).to.equal('example-child');
    expect(registry.select({ issuer: acme, realmTheme: 'no-such-theme' }).name).to.equal('example-child');
    expect(registry.select({ issuer: 'https://kc/realms/other', realmTheme: 'no-such-theme' }).name).to.equal('default');
    expect(reported).to.deep.equal([`${acme} no-such-theme`, 'https://kc/realms/other no-such-theme']);
  });
});
