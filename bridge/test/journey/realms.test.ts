/**
 * Realm isolation: a bridge trusting two realms. The realm is the verified issuer's; flows, single
 * use, counters, login tags and the audit trail are keyed by it.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import type { Logger } from '../../src/audit/logger.js';
import { resolveConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';

const audience = 'http://bridge.test';
const bridgeFlows = join(import.meta.dirname, '../../flows');

/** A copy of the shared flows plus `realms/alpha/alpha-only.json` and alpha's own demo-profile. */
function flowsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'io-realm-flows-'));
  cpSync(bridgeFlows, dir, { recursive: true });
  const demo = JSON.parse(readFileSync(join(bridgeFlows, 'demo-profile.json'), 'utf8')) as Record<string, unknown>;
  mkdirSync(join(dir, 'realms', 'alpha'), { recursive: true });
  writeFileSync(join(dir, 'realms', 'alpha', 'alpha-only.json'), JSON.stringify({ ...demo, id: 'alpha-only', name: 'Only for alpha' }));
  writeFileSync(join(dir, 'realms', 'alpha', 'demo-profile.json'), JSON.stringify({ ...demo, version: '7', name: "Alpha's own demo" }));
  return dir;
}

describe('realm isolation: a bridge trusting two realms', () => {
  let alpha: LocalIssuer;
  let beta: LocalIssuer;
  let bridge: RunningBridge;
  const audit: Array<{ event: string; fields: Record<string, unknown> }> = [];
  const logger: Logger = { ...silentLogger, info: (event, fields = {}) => void audit.push({ event, fields }) };

  before(async () => {
    [alpha, beta] = await Promise.all([LocalIssuer.start('alpha'), LocalIssuer.start('beta')]);
    bridge = await startBridge(
      { trustedIssuers: [alpha.issuer, beta.issuer], port: 0, publicUrl: audience, allowHttp: true, flowsDir: flowsDir(), logLevel: 'silent' },
      { logger },
    );
  });
  after(async () => {
    await bridge?.close();
    await Promise.all([alpha?.close(), beta?.close()]);
  });

  async function refused(issuer: LocalIssuer, overrides: JWTPayload, code: string, status: number) {
    const before = await bridge.store.count();
    const response = await fetch(`${bridge.url}/io/handoff`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ token: await issuer.sign(issuer.claims(audience, overrides)) }),
    });
    expect(response.status).to.equal(status);
    expect(await response.text()).to.contain(`<code>${code}</code>`);
    expect(response.headers.get('set-cookie')).to.equal(null);
    expect(await bridge.store.count()).to.equal(before);
  }

  it('refuses a handoff signed by realm beta that claims realm alpha: no session, no cookie', async () => {
    await refused(beta, { realm: 'alpha' }, 'handoff_invalid_claims', 401);
  });

  it("runs the journey in the verified issuer's realm (the flow context, the audit trail)", async () => {
    const browser = new Browser(bridge.url);
    const journey = await browser.handoff(await beta.sign(beta.claims(audience, { realm: undefined })));
    const record = await bridge.store.get(journey.split('/')[3]!);
    expect(record!.data.execution.context).to.include({ issuer: beta.issuer, realm: 'beta' });
    expect(record!.data.handoff.realm).to.equal('beta');
    const accepted = audit.find((line) => line.event === 'handoff_accepted' && line.fields['correlation_id'] === record!.data.execution.id);
    expect(accepted?.fields).to.include({ issuer: beta.issuer });
  });

  it("never lets a realm run another realm's own flow, by any reference", async () => {
    await refused(beta, { flow: 'alpha-only' }, 'flow_not_found', 404);
    await refused(beta, { flow: 'alpha-only@2' }, 'flow_not_found', 404);
    const browser = new Browser(bridge.url);
    expect(await browser.handoff(await alpha.sign(alpha.claims(audience, { flow: 'alpha-only' })))).to.match(/^\/io\/j\//);
  });

  it('gives a realm its own version of a shared flow, and the others the shared one', async () => {
    const flowOf = async (issuer: LocalIssuer) => {
      const journey = await new Browser(bridge.url).handoff(await issuer.sign(issuer.claims(audience)));
      return (await bridge.store.get(journey.split('/')[3]!))!.data.flowRef;
    };
    expect(await flowOf(alpha)).to.equal('demo-profile@7');
    expect(await flowOf(beta)).to.equal('demo-profile@2');
    expect(bridge.flows.for(beta.issuer).has('alpha-only')).to.equal(false);
  });

  it("keeps single use per issuer: another realm's handoff with the same jti is its own", async () => {
    const jti = crypto.randomUUID();
    await new Browser(bridge.url).handoff(await alpha.sign(alpha.claims(audience, { jti })));
    await new Browser(bridge.url).handoff(await beta.sign(beta.claims(audience, { jti })));
    await refused(alpha, { jti }, 'handoff_replayed', 409);
  });

  it("completes each realm's journey with evidence addressed to its own issuer", async () => {
    for (const issuer of [alpha, beta]) {
      const browser = new Browser(bridge.url);
      const journey = await browser.handoff(await issuer.sign(issuer.claims(audience)));
      const csrf = hiddenValue(await (await browser.get(journey)).text(), '_csrf')!;
      const evidence = hiddenValue(await (await browser.post(journey, { _csrf: csrf, company: 'Acme' })).text(), 'io_evidence')!;
      const payload = JSON.parse(Buffer.from(evidence.split('.')[1]!, 'base64url').toString()) as JWTPayload;
      expect(payload).to.include({ aud: issuer.issuer, outcome: 'success' });
    }
  });

  it('audits success evidence outside the grants as refused, with the issuer and the contract code', async () => {
    const browser = new Browser(bridge.url);
    const journey = await browser.handoff(await beta.sign(beta.claims(audience, { grants: [] })));
    const csrf = hiddenValue(await (await browser.get(journey)).text(), '_csrf')!;
    await browser.post(journey, { _csrf: csrf, company: 'Acme' });
    const { execution } = (await bridge.store.get(journey.split('/')[3]!))!.data;
    expect(execution).to.deep.include({ status: 'failed', outcome: 'failure', error: 'evidence_unauthorized_action' });
    const refusedLine = audit.find((line) => line.event === 'evidence_refused' && line.fields['correlation_id'] === execution.id);
    expect(refusedLine?.fields).to.include({ audit: true, issuer: beta.issuer, code: 'evidence_unauthorized_action', flow: 'demo-profile@2' });
    const issued = audit.find((line) => line.event === 'evidence_issued' && line.fields['correlation_id'] === execution.id);
    expect(issued?.fields).to.include({ outcome: 'failure', actions: 0, issuer: beta.issuer });
  });
});

describe('realm flow folders', () => {
  it('refuses a realm folder that two trusted issuers would share (same realm name on two Keycloaks)', async () => {
    const config = {
      trustedIssuers: ['http://127.0.0.1:9/realms/alpha', 'http://127.0.0.2:9/realms/alpha'],
      port: 0,
      allowHttp: true,
      flowsDir: flowsDir(),
      logLevel: 'silent' as const,
    };
    expect(() => resolveConfig(config)).to.not.throw();
    try {
      await (await startBridge(config, { logger: silentLogger })).close();
      expect.fail('the bridge must refuse the ambiguous realm folder');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).variable).to.equal('IO_FLOWS_DIR');
    }
  });
});
