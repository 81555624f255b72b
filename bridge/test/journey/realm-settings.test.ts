/**
 * Protocol 1.3 `realm_settings` through the bridge's HTTP surface: the realm's stored theme on the
 * journey's pages, its processor lists in the engine that runs the journey (file flows and
 * published versions alike), engines never shared across different lists, and a claim naming a
 * processor the bridge lacks refused as malformed.
 */
import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import type { Logger } from '../../src/audit/logger.js';
import type { FlowVersionRef } from '../../src/handoff/flow-versions.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { askPhone, signup } from '../support/published-definitions.js';
import { RuntimeEndpoint } from '../support/runtime-endpoint.js';

const audience = 'http://bridge.test';
const childCss = '/io/static/example-child/example-child.css';
const baseCss = '/io/static/base/';

describe('realm settings from the handoff (realm_settings, protocol 1.3)', () => {
  let keycloak: RuntimeEndpoint;
  let alpha: LocalIssuer;
  let bridge: RunningBridge;
  let signup3: FlowVersionRef;
  let phone2: FlowVersionRef;
  const lines: Array<{ level: string; event: string; fields: Record<string, unknown> }> = [];
  const logger: Logger = {
    ...silentLogger,
    info: (event, fields = {}) => void lines.push({ level: 'info', event, fields }),
    warn: (event, fields = {}) => void lines.push({ level: 'warn', event, fields }),
  };
  const auditLines = () => lines.filter((line) => line.event === 'audit_step').length;

  before(async () => {
    keycloak = new RuntimeEndpoint();
    alpha = await LocalIssuer.start('alpha', keycloak.routes);
    signup3 = keycloak.publish('alpha', signup, 3);
    phone2 = keycloak.publish('alpha', askPhone, 2, { en: { 'phone.title': 'Your phone', 'phone.label': 'Mobile' } });
    bridge = await startBridge(
      {
        trustedIssuers: [alpha.issuer],
        port: 0,
        publicUrl: audience,
        allowHttp: true,
        logLevel: 'silent',
        keycloakAdminClientId: 'io-bridge',
        keycloakAdminClientSecret: 'secret',
        // The bridge's own choice for the realm: used while the realm stores none.
        themesByIssuer: { [alpha.issuer]: 'base' },
      },
      { logger },
    );
  });
  after(async () => {
    await bridge?.close();
    await alpha?.close();
  });

  const fileFlow = (overrides: JWTPayload = {}) => alpha.sign(alpha.claims(audience, overrides));
  const published = (overrides: JWTPayload = {}) =>
    alpha.sign(
      alpha.claims(audience, { flow: 'signup', flow_versions: [signup3, phone2], grants: [{ type: 'set_session_note', names: ['phone'] }], ...overrides }),
    );

  /** Opens the journey, returns its first page and a way to submit it. */
  async function open(token: string) {
    const browser = new Browser(bridge.url);
    const journey = await browser.handoff(token);
    const page = await (await browser.get(journey)).text();
    const submit = async (values: Record<string, string>) => (await browser.post(journey, { _csrf: hiddenValue(page, '_csrf')!, ...values })).text();
    return { journey, page, submit };
  }

  it("renders the journey's pages in the realm's stored theme, over the bridge's theme for the realm", async () => {
    const own = await open(await fileFlow());
    expect(own.page).to.contain(baseCss).and.not.to.contain(childCss);
    const stored = await open(await fileFlow({ realm_settings: { theme: 'example-child' } }));
    expect(stored.page).to.contain(childCss);
    // The completion page too.
    expect(await stored.submit({ company: 'Acme' })).to.contain(childCss);
  });

  it('keeps the settings with the journey: its pages use them until it ends (nothing else is stored)', async () => {
    const { journey, page } = await open(await fileFlow({ realm_settings: { theme: 'example-child' } }));
    const record = await bridge.store.get(journey.split('/')[3]!);
    expect(record!.data.handoff.realm_settings).to.deep.equal({ theme: 'example-child' });
    expect(page).to.contain(childCss);
  });

  it('falls back to the theme it would use without one when the stored theme does not exist here, with a warning', async () => {
    const before = lines.length;
    const { page } = await open(await fileFlow({ realm_settings: { theme: 'not-installed' } }));
    expect(page).to.contain(baseCss).and.not.to.contain(childCss);
    const warnings = lines.slice(before).filter((line) => line.level === 'warn' && line.event === 'theme_warning');
    expect(warnings).to.have.length(1);
    expect(warnings[0]!.fields['message']).to.contain('"not-installed"');
  });

  it("runs the realm's processor list for the flow's category (file flows): without audit, no audit lines", async () => {
    let before = auditLines();
    await (await open(await fileFlow())).submit({ company: 'Acme' });
    expect(auditLines() - before, 'built-in set: audit runs').to.be.greaterThan(0);
    before = auditLines();
    await (await open(await fileFlow({ realm_settings: { processors: { authentication: ['user-identified', 'user-valid'] } } }))).submit({ company: 'Acme' });
    expect(auditLines() - before, "the realm's list drops audit").to.equal(0);
    before = auditLines();
    await (await open(await fileFlow())).submit({ company: 'Acme' });
    expect(auditLines() - before, 'the same realm without lists: the engine of the built-in sets again').to.be.greaterThan(0);
  });

  it('runs published versions with the realm lists too, one engine per lists for the same versions', async () => {
    const fetched = keycloak.runtimeRequests().length;
    let before = auditLines();
    await (await open(await published({ realm_settings: { processors: { authentication: ['user-identified'] } } }))).submit({ phone: '+41' });
    expect(auditLines() - before).to.equal(0);
    before = auditLines();
    await (await open(await published())).submit({ phone: '+41' });
    expect(auditLines() - before).to.be.greaterThan(0);
    before = auditLines();
    await (await open(await published({ realm_settings: { processors: { authentication: ['user-identified'] } } }))).submit({ phone: '+41' });
    expect(auditLines() - before).to.equal(0);
    expect(keycloak.runtimeRequests().length - fetched, 'the versions were fetched once, whatever the lists').to.be.at.most(2);
  });

  it('refuses a list naming a processor this bridge does not have (handoff_malformed): no session', async () => {
    const sessions = await bridge.store.count();
    const token = await fileFlow({ realm_settings: { processors: { authentication: ['audit', 'geo-fence'] } } });
    const response = await fetch(`${bridge.url}/io/handoff`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token }) });
    expect(response.status).to.equal(400);
    expect(await response.text()).to.contain('<code>handoff_malformed</code>');
    expect(await bridge.store.count()).to.equal(sessions);
  });
});
