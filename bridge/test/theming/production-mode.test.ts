import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { expect } from 'chai';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';

const audience = 'http://bridge.test';
const watched = ['readFileSync', 'existsSync', 'statSync', 'lstatSync', 'readdirSync', 'openSync'] as const;

/** Records every synchronous file-system call of the process (the ESM imports too) until `restore`. */
function watchFiles(): { calls: string[]; restore: () => void } {
  const calls: string[] = [];
  const originals = watched.map((name) => [name, fs[name]] as const);
  for (const [name, original] of originals) {
    (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls.push(`${name} ${String(args[0])}`);
      return (original as (...a: unknown[]) => unknown)(...args);
    };
  }
  syncBuiltinESMExports();
  return {
    calls,
    restore: () => {
      for (const [name, original] of originals) (fs as unknown as Record<string, unknown>)[name] = original;
      syncBuiltinESMExports();
    },
  };
}

/** Handoff, step page, a rejected post and the post that ends it: the requests of one login. */
async function journey(bridge: RunningBridge, issuer: LocalIssuer): Promise<void> {
  const browser = new Browser(bridge.url);
  const path = await browser.handoff(await issuer.sign(issuer.claims(audience)));
  const csrf = hiddenValue(await (await browser.get(path)).text(), '_csrf')!;
  expect((await browser.post(path, { _csrf: csrf, company: '' })).status).to.equal(422);
  expect(await (await browser.post(path, { _csrf: csrf, company: 'Acme' })).text()).to.contain('name="io_evidence"');
}

/**
 * Production mode (IO_THEME_HOT_RELOAD off): once the first login has loaded what it needs, a login
 * reads no file (theme templates, partials, messages, static lookups, flow bundles) and fetches no
 * JWKS. With hot reload on the same watch sees the theme re-read, so it would see a regression.
 */
describe('production mode: nothing re-read per request', function () {
  // Three logins and a bridge start per test: slow on a loaded machine.
  this.timeout(60_000);
  let issuer: LocalIssuer;
  const bridges: RunningBridge[] = [];
  const start = async (themeHotReload: boolean) => {
    const bridge = await startBridge(
      { trustedIssuers: [issuer.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent', themeHotReload },
      { logger: silentLogger },
    );
    bridges.push(bridge);
    return bridge;
  };

  before(async () => {
    issuer = await LocalIssuer.start();
  });
  after(async () => {
    for (const bridge of bridges) await bridge.close();
    await issuer?.close();
  });

  it('reads no file and fetches the issuer keys once, after the first login', async () => {
    const bridge = await start(false);
    await journey(bridge, issuer);
    const jwksAfterFirst = issuer.jwksRequests;
    const files = watchFiles();
    try {
      await journey(bridge, issuer);
      await journey(bridge, issuer);
    } finally {
      files.restore();
    }
    expect(files.calls).to.deep.equal([]);
    expect(jwksAfterFirst).to.equal(1);
    expect(issuer.jwksRequests).to.equal(1);
  });

  it('re-reads the theme on every page with hot reload on (the watch sees file reads)', async () => {
    const bridge = await start(true);
    await journey(bridge, issuer);
    const files = watchFiles();
    try {
      await journey(bridge, issuer);
    } finally {
      files.restore();
    }
    expect(files.calls.filter((call) => call.startsWith('readFileSync') && call.endsWith('.hbs'))).to.not.be.empty;
  });
});
