import { expect } from 'chai';
import type { FlowCatalog } from '../../src/engine/flow-catalog.js';
import type { FlowEngine } from '../../src/engine/flow-engine.js';
import { flowDigest, type FlowVersionRef, type PublishedFlowVersion } from '../../src/handoff/flow-versions.js';
import { flowRuntime } from '../../src/flow-runtime.js';
import { PublishedFlows } from '../../src/journey/published-flows.js';
import { codeOf } from '../support/error-code.js';
import { askPhone, signup } from '../support/published-definitions.js';
import { canonicalJson } from '../support/runtime-endpoint.js';

const realmA = 'https://sso.example.com/realms/a';
const realmB = 'https://sso.example.com/realms/b';

function published(definition: Record<string, unknown>, version: number, messages: PublishedFlowVersion['messages'] = {}): PublishedFlowVersion {
  const text = canonicalJson({ ...definition, version: String(version) });
  return { id: definition['id'] as string, version, digest: flowDigest(text), definition: text, messages };
}

const refOf = ({ id, version, digest }: PublishedFlowVersion): FlowVersionRef => ({ id, version, digest });

/** A Keycloak per issuer as a fetcher: what each realm serves, and every fetch made. */
function keycloak(serving: Record<string, PublishedFlowVersion[]>) {
  const fetches: string[] = [];
  const fetchVersion = async (issuer: string, ref: FlowVersionRef): Promise<PublishedFlowVersion> => {
    fetches.push(`${issuer} ${ref.id}@${ref.version}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const found = serving[issuer]?.find((candidate) => candidate.id === ref.id && candidate.version === ref.version);
    if (!found) throw Object.assign(new Error('404'), { code: 'flow_version_unavailable' });
    return found;
  };
  return { fetches, fetchVersion };
}

function source(fetchVersion: (issuer: string, ref: FlowVersionRef) => Promise<PublishedFlowVersion>, cacheSize = 16) {
  const engines: FlowCatalog[] = [];
  const flows = new PublishedFlows({
    fetchVersion,
    validation: flowRuntime().validation,
    engineFor: (catalog) => (engines.push(catalog), {} as FlowEngine),
    cacheSize,
  });
  return { flows, engines };
}

describe('published flow versions (protocol 1.3)', () => {
  const signup3 = published(signup, 3, { en: { 'phone.title': 'Your phone' } });
  const phone2 = published(askPhone, 2, { en: { 'phone.title': 'Phone, please' }, de_AT: { 'phone.title': 'Telefon' } });

  it('builds a catalog of exactly the versions named, with their messages', async () => {
    const { fetchVersion } = keycloak({ [realmA]: [signup3, phone2] });
    const runtime = await source(fetchVersion).flows.runtime(realmA, [refOf(signup3), refOf(phone2)]);
    expect(runtime.catalog.refs().sort()).to.deep.equal(['ask-phone', 'ask-phone@2', 'signup', 'signup@3']);
    expect(runtime.messages?.get('ask-phone')?.bundles.get('de-AT')).to.deep.equal({ 'phone.title': 'Telefon' });
    expect(runtime.messages?.get('signup')?.bundles.get('en')).to.deep.equal({ 'phone.title': 'Your phone' });
  });

  it('fetches and validates once: later and concurrent requests for the same versions share it', async () => {
    const { fetches, fetchVersion } = keycloak({ [realmA]: [signup3, phone2] });
    const { flows, engines } = source(fetchVersion);
    const refs = [refOf(signup3), refOf(phone2)];
    const [first, second] = await Promise.all([flows.runtime(realmA, refs), flows.runtime(realmA, [...refs].reverse())]);
    const third = await flows.runtime(realmA, refs);
    expect(first).to.equal(second).and.to.equal(third);
    expect(fetches).to.deep.equal([`${realmA} signup@3`, `${realmA} ask-phone@2`]);
    expect(engines).to.have.length(1);
  });

  it('keeps a bounded number of versions, forgetting the least recently used', async () => {
    const versions = [1, 2, 3].map((n) => published(askPhone, n));
    const { fetches, fetchVersion } = keycloak({ [realmA]: versions });
    const { flows } = source(fetchVersion, 2);
    for (const version of [...versions, versions[0]!]) await flows.runtime(realmA, [refOf(version)]);
    expect(fetches).to.deep.equal([1, 2, 3, 1].map((n) => `${realmA} ask-phone@${n}`));
  });

  it("keeps each realm's versions apart: the same refs fetch from each issuer's own realm", async () => {
    const inB = published({ ...askPhone, name: "Realm B's phone" }, 2);
    const { fetches, fetchVersion } = keycloak({ [realmA]: [phone2], [realmB]: [{ ...inB, digest: phone2.digest }] });
    const { flows } = source(fetchVersion);
    await flows.runtime(realmA, [refOf(phone2)]);
    // Realm B serves other bytes under the same id, version and digest: refused, and never taken from A's cache.
    expect(await codeOf(flows.runtime(realmB, [refOf(phone2)]))).to.equal('flow_digest_mismatch');
    expect(fetches).to.deep.equal([`${realmA} ask-phone@2`, `${realmB} ask-phone@2`]);
  });

  describe('refuses what is not exactly the version the handoff names', () => {
    // Keycloak answers `served` whatever is asked.
    const refuse = async (served: PublishedFlowVersion, ref: FlowVersionRef = refOf(phone2)) => codeOf(source(async () => served).flows.runtime(realmA, [ref]));

    it('a tampered definition (its bytes do not hash to the digest)', async () => {
      const tampered = phone2.definition.replace('Ask for a phone number', 'Ask for a password');
      expect(await refuse({ ...phone2, definition: tampered })).to.equal('flow_digest_mismatch');
    });

    it('a tampered definition served with its own, matching digest', async () => {
      expect(await refuse(published({ ...askPhone, name: 'Evil' }, 2))).to.equal('flow_digest_mismatch');
    });

    it('a rolled-back version: an older definition served under the version asked for', async () => {
      const older = published(askPhone, 1);
      expect(await refuse({ ...older, version: 2 })).to.equal('flow_digest_mismatch');
    });

    it('the right bytes under a digest Keycloak says is another', async () => {
      expect(await refuse({ ...phone2, digest: `sha-256:${'0'.repeat(64)}` })).to.equal('flow_digest_mismatch');
    });

    it("a definition whose own id or version is not the ref's", async () => {
      const text = canonicalJson({ ...askPhone, version: '7' });
      expect(await refuse({ ...phone2, definition: text, digest: flowDigest(text) }, { ...refOf(phone2), digest: flowDigest(text) })).to.equal(
        'flow_version_invalid',
      );
    });

    it('an answer for another flow or version than asked', async () => {
      expect(await refuse({ ...phone2, version: 3 })).to.equal('flow_version_invalid');
    });

    it('a version the bridge would not load (validation), or with invalid messages', async () => {
      const broken = published({ ...askPhone, start: 'nowhere' }, 2);
      expect(await refuse(broken, refOf(broken))).to.equal('flow_version_invalid');
      const badMessages = published(askPhone, 2, { en: { 'phone.title': 'Hello {name' } });
      expect(await refuse(badMessages, refOf(badMessages))).to.equal('flow_version_invalid');
    });

    it('a library flow missing from the set (calls resolve among the named versions only)', async () => {
      expect(await refuse(signup3, refOf(signup3))).to.equal('flow_version_invalid');
    });
  });

  it('does not keep a failure: the next request fetches again', async () => {
    let reachable = false;
    const fetchVersion = async (_issuer: string, ref: FlowVersionRef) => {
      if (!reachable) throw Object.assign(new Error('down'), { code: 'flow_version_unavailable' });
      return ref.id === 'signup' ? signup3 : phone2;
    };
    const { flows } = source(fetchVersion);
    expect(await codeOf(flows.runtime(realmA, [refOf(signup3), refOf(phone2)]))).to.equal('flow_version_unavailable');
    reachable = true;
    expect((await flows.runtime(realmA, [refOf(signup3), refOf(phone2)])).catalog.has('signup@3')).to.equal(true);
  });
});
