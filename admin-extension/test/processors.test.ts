/**
 * The Processors page's lists: a category's and a flow's, computed as the bridge does (its own
 * resolver is the oracle here), and the removal of a processor from one flow, which the bridge's
 * validation accepts (the reason is the override an essential processor needs).
 */
import { describe, expect, it } from 'vitest';
import { FlowCatalog } from '../../bridge/src/engine/flow-catalog.js';
import { FlowValidationError } from '../../bridge/src/errors.js';
import { flowRuntime } from '../../bridge/src/flow-runtime.js';
import type { FlowDefinition } from '../src/designer/model/index.js';
import { categoryList, flowProcessors, withoutProcessor, type RealmLists } from '../src/processors.js';

const runtime = flowRuntime();

/**
 * What the bridge runs around the flow's steps with the realm's lists (protocol 1.3
 * realm_settings); a fresh runtime each time, as its resolvers cache by flow id and version.
 */
function bridgeRuns(flow: FlowDefinition, lists: RealmLists): string[] {
  const own = Object.fromEntries(Object.entries(lists).filter(([, ids]) => ids)) as Record<string, string[]>;
  return flowRuntime()
    .resolveProcessorsFor(own)(flow)
    .processors.map((processor) => processor.id);
}

/** The bridge's validation problems of the flow (what publishing would refuse). */
function bridgeProblems(flow: FlowDefinition): string[] {
  try {
    new FlowCatalog([], runtime.validation).validate({ raw: structuredClone(flow), path: 'flow' });
    return [];
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    return error.issues.map(({ field, message }) => `${field}: ${message}`);
  }
}

const flow = (category: FlowDefinition['category'], processors?: NonNullable<FlowDefinition['settings']>['processors']): FlowDefinition => ({
  schemaVersion: 1,
  id: 'profile',
  name: 'Profile',
  category,
  version: '1',
  start: 'done',
  nodes: [{ id: 'done', type: 'end', config: { outcome: 'success' } }],
  links: [],
  ...(processors ? { settings: { processors } } : {}),
});

const ids = (result: ReturnType<typeof flowProcessors>) => result.entries.map((entry) => entry.id);

describe('processor lists', () => {
  it("a category's list is the realm's, else the bridge's default set (self-service: the protected set)", () => {
    expect(categoryList('authentication', {})).to.deep.equal({
      processors: ['user-identified', 'user-valid', 'failed-attempts', 'latest-attempt', 'session-renewal', 'audit'],
      own: false,
    });
    expect(categoryList('self-service', { 'self-service': null }).processors).to.deep.equal([
      'user-identified',
      'user-valid',
      'failed-attempts',
      'session-renewal',
      'audit',
    ]);
    expect(categoryList('api', { api: ['audit'] })).to.deep.equal({ processors: ['audit'], own: true });
  });

  it("a flow without settings runs its category's list, essential ones marked, none its own", () => {
    const result = flowProcessors(flow('authentication'), {});
    expect(ids(result)).to.deep.equal(bridgeRuns(flow('authentication'), {}));
    expect(result.entries.find((entry) => entry.id === 'audit')).to.deep.equal({ id: 'audit', essential: true, fromFlow: false });
    expect(result.entries.find((entry) => entry.id === 'latest-attempt')).to.deep.include({ essential: false });
    expect(result).to.deep.include({ removed: [], warnings: [], errors: [] });
  });

  it("a flow's settings apply on top of the realm's list of its category, as the bridge applies them", () => {
    const lists: RealmLists = { authentication: ['user-identified', 'latest-attempt', 'audit'], admin: null };
    const adjusted = flow('authentication', { add: ['rate-limit'], remove: ['latest-attempt'] });
    const result = flowProcessors(adjusted, lists);
    expect(ids(result)).to.deep.equal(bridgeRuns(adjusted, lists));
    expect(ids(result)).to.deep.equal(['user-identified', 'audit', 'rate-limit']);
    expect(result.entries.filter((entry) => entry.fromFlow).map((entry) => entry.id)).to.deep.equal(['rate-limit']);
    expect(result.removed).to.deep.equal(['latest-attempt']);
  });

  it("a self-service flow that chose the public set keeps it, whatever the realm's self-service list", () => {
    const lists: RealmLists = { 'self-service': ['user-identified', 'audit'] };
    const recovery = flow('self-service', { set: 'self-service-public' });
    const result = flowProcessors(recovery, lists);
    expect(ids(result)).to.deep.equal(bridgeRuns(recovery, lists));
    expect(ids(result)).to.deep.equal(['rate-limit', 'failed-attempts', 'audit']);
    expect(result.removed).to.deep.equal(['user-identified']);
  });

  it("an essential processor a flow removes without a reason is kept, with the bridge's warning; unknown ids are the bridge's errors", () => {
    const lists: RealmLists = { authentication: ['user-identified', 'audit'] };
    const careless = flow('authentication', { remove: ['audit'] });
    const result = flowProcessors(careless, lists);
    expect(ids(result)).to.deep.equal(bridgeRuns(careless, lists));
    expect(ids(result)).to.include('audit');
    expect(result.warnings.join()).to.contain('"audit"');
    expect(flowProcessors(flow('custom', { add: ['no-such'] }), {}).errors).to.deep.equal([
      'settings/processors/add/0: unknown processor "no-such" (known: user-identified, user-valid, failed-attempts, latest-attempt, session-renewal, rate-limit, audit)',
    ]);
  });

  it('removing one from a flow: named in remove, the reason as the override, which the bridge accepts; the draft is not changed', () => {
    const draft = flow('authentication', { add: ['rate-limit'], options: { 'rate-limit': { limit: 5 } } });
    const snapshot = structuredClone(draft);
    // Without a reason the bridge refuses to drop an essential processor; the removal always gives one.
    expect(bridgeProblems(flow('authentication', { remove: ['failed-attempts'] })).join()).to.contain('override.reason');

    const once = withoutProcessor(draft, 'failed-attempts', '  the upstream IdP limits attempts ');
    expect(draft).to.deep.equal(snapshot);
    expect(once.settings!.processors).to.deep.equal({
      add: ['rate-limit'],
      options: { 'rate-limit': { limit: 5 } },
      remove: ['failed-attempts'],
      override: { reason: 'failed-attempts: the upstream IdP limits attempts' },
    });
    expect(bridgeProblems(once)).to.deep.equal([]);
    expect(ids(flowProcessors(once, {}))).not.to.include('failed-attempts');
    expect(flowProcessors(once, {}).warnings.join()).to.contain('the upstream IdP limits attempts');

    // A processor the flow added is no longer added; the reasons add up.
    const twice = withoutProcessor(once, 'rate-limit', 'not for this flow');
    expect(twice.settings!.processors).to.deep.equal({
      options: { 'rate-limit': { limit: 5 } },
      remove: ['failed-attempts', 'rate-limit'],
      override: { reason: 'failed-attempts: the upstream IdP limits attempts; rate-limit: not for this flow' },
    });
    expect(bridgeProblems(twice)).to.deep.equal([]);
    expect(ids(flowProcessors(twice, {}))).to.deep.equal(bridgeRuns(twice, {}));
  });
});
