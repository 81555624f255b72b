/**
 * `io-flows pull`, `push` and `diff` against the real Keycloak of the stack (demo realm, the
 * bootstrap admin of master): a YAML flow pushed and published with a comment, diffs before and
 * after a change, a pull that gives back what was pushed, and an invalid file that sends nothing.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { main } from '../cli/src/main.js';
import { canonical } from '../cli/src/remote/flow-diff.js';
import { adminClient } from './support/admin.js';
import { bridgeFlow, ioApi } from './support/io-admin.js';
import { repoRoot } from './support/keycloak.js';
import { getStack } from './support/stack.js';

const FLOW = 'e2e-cli-profile';
const MESSAGES = { 'profile.title': 'Tell us about your work', 'profile.company': 'Company' };

async function ioFlows(...args: string[]) {
  const lines: string[] = [];
  const code = await main(args, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return { code, text: lines.join('\n') };
}

describe('io-flows pull, push, diff against Keycloak', function () {
  this.timeout(120_000);

  let dir: string;
  let file: string;
  let token: () => Promise<string>;
  const signIn = () => ['--url', getStack().keycloak.url, '--realm', 'demo', '--username', 'admin', '--password', 'admin'];
  const definition = bridgeFlow('demo-profile', { id: FLOW, name: 'E2E flows as code' });
  const api = async (method: string, path: string) => ioApi(await token(), method, path);

  before(async () => {
    const admin = await adminClient();
    token = async () => (await admin.getAccessToken())!;
    dir = mkdtempSync(join(tmpdir(), 'io-flows-e2e-'));
    file = join(dir, `${FLOW}.yaml`);
    writeFileSync(file, stringify(definition));
    mkdirSync(join(dir, `${FLOW}.messages`));
    writeFileSync(join(dir, `${FLOW}.messages`, 'en.yaml'), stringify(MESSAGES));
  });

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await api('DELETE', `/flows/${FLOW}`);
  });

  it('push --publish (the bin, secrets from the environment) creates the draft and publishes it with the comment', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(repoRoot, 'cli', 'bin', 'io-flows.js'), 'push', '--publish', '--comment', 'from CI', file],
      {
        env: { ...process.env, IO_KEYCLOAK_URL: getStack().keycloak.url, IO_REALM: 'demo', IO_USERNAME: 'admin', IO_PASSWORD: 'admin' },
      },
    );
    expect(stdout).to.include(`${FLOW}: draft created`);
    expect(stdout).to.include(`${FLOW}: messages en written`);
    expect(stdout).to.include(`${FLOW}: published version 1`);
    const versions = await api('GET', `/flows/${FLOW}/versions`);
    expect(versions.body).to.have.length(1);
    expect(versions.body[0]).to.include({ version: 1, comment: 'from CI', author: 'admin' });
    expect((await api('GET', `/flows/${FLOW}/messages?version=1`)).body).to.deep.equal({ en: MESSAGES });
  });

  it("diff: unchanged against the draft and the published version; the realm's other flows only with a folder", async () => {
    const draft = await ioFlows('diff', ...signIn(), file);
    expect(draft.text).to.equal(`${FLOW}: unchanged`);
    expect(draft.code).to.equal(0);
    const activate = await ioApi(await token(), 'PUT', `/flows/${FLOW}/active`, { version: 1 });
    expect(activate.status).to.equal(200);
    const published = await ioFlows('diff', ...signIn(), '--published', file);
    expect(published.text).to.equal(`${FLOW}: unchanged`);
    expect(published.code).to.equal(0);
    const empty = mkdtempSync(join(tmpdir(), 'io-flows-e2e-empty-'));
    try {
      const folder = await ioFlows('diff', ...signIn(), empty);
      expect(folder.text).to.include(`${FLOW}: only in realm`);
      expect(folder.code).to.equal(1);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('diff: a changed file is "changed" with what changed, and exits 1; a new one is "only local"', async () => {
    const changed = structuredClone(definition);
    changed.nodes[0].config.title = 'Your work';
    writeFileSync(file, stringify(changed));
    writeFileSync(join(dir, 'e2e-cli-new.json'), JSON.stringify({ ...definition, id: 'e2e-cli-new' }));
    try {
      const { code, text } = await ioFlows('diff', ...signIn(), file, join(dir, 'e2e-cli-new.json'));
      expect(text).to.include(`${FLOW}: changed\n  nodes changed: profile (config)`);
      expect(text).to.include('e2e-cli-new: only local');
      expect(code).to.equal(1);
    } finally {
      rmSync(join(dir, 'e2e-cli-new.json'));
    }
  });

  it('pull writes the draft and its messages, equal to what was pushed; --published the active version', async () => {
    const target = mkdtempSync(join(tmpdir(), 'io-flows-e2e-pull-'));
    const untouched = join(target, 'not-a-realm-flow.json');
    writeFileSync(untouched, '{"keep": true}');
    try {
      const pull = await ioFlows('pull', ...signIn(), target);
      expect(pull.code).to.equal(0);
      expect(pull.text).to.include(`${FLOW}: draft -> `);
      expect(canonical(JSON.parse(readFileSync(join(target, `${FLOW}.json`), 'utf8')))).to.equal(canonical(definition));
      expect(JSON.parse(readFileSync(join(target, `${FLOW}.messages`, 'en.json'), 'utf8'))).to.deep.equal(MESSAGES);
      expect(readFileSync(untouched, 'utf8')).to.equal('{"keep": true}');

      const published = await ioFlows('pull', ...signIn(), '--published', '--format', 'yaml', target);
      expect(published.text).to.include(`${FLOW}: version 1 -> `);
      // The flow already has a JSON file there: pull updates it rather than adding a YAML twin.
      expect(existsSync(join(target, `${FLOW}.yaml`))).to.equal(false);
      expect(canonical(JSON.parse(readFileSync(join(target, `${FLOW}.json`), 'utf8')))).to.equal(canonical({ ...definition, version: '1' }));
    } finally {
      rmSync(target, { recursive: true });
    }
  });

  it('push with an invalid file sends nothing: the realm keeps the old draft and versions', async () => {
    const invalid = parse(readFileSync(file, 'utf8'));
    invalid.links[0].to = 'nowhere';
    writeFileSync(file, stringify(invalid));
    const before = await api('GET', `/flows/${FLOW}`);
    const { code, text } = await ioFlows('push', ...signIn(), '--publish', '--comment', 'broken', file);
    expect(text).to.match(/e2e-cli-profile\.yaml.*links\/0\/to/);
    expect(text).to.include('nothing was sent');
    expect(code).to.equal(1);
    const after = await api('GET', `/flows/${FLOW}`);
    expect(canonical(after.body.draft)).to.equal(canonical(definition));
    expect(after.body.updatedAt).to.equal(before.body.updatedAt);
    expect((await api('GET', `/flows/${FLOW}/versions`)).body).to.have.length(1);
  });

  it('push of the changed file publishes version 2 and activates it; pushing it again publishes nothing', async () => {
    const changed = structuredClone(definition);
    changed.nodes[0].config.title = 'Your work';
    writeFileSync(file, stringify(changed));
    const first = await ioFlows('push', ...signIn(), '--publish', '--comment', 'new title', '--activate', dir);
    expect(first.text).to.include(`${FLOW}: draft updated`);
    expect(first.text).to.include(`${FLOW}: published version 2, active`);
    expect(first.code).to.equal(0);
    const flows = (await api('GET', '/flows')).body as Array<{ id: string; activeVersion?: number }>;
    expect(flows.find((flow) => flow.id === FLOW)).to.include({ activeVersion: 2 });
    const again = await ioFlows('push', ...signIn(), '--publish', '--comment', 'again', dir);
    expect(again.text).to.include(`${FLOW}: draft unchanged`);
    expect(again.text).to.include(`${FLOW}: unchanged since version 2, not published again`);
    expect((await api('GET', `/flows/${FLOW}/versions`)).body).to.have.length(2);
  });

  it('a wrong password and a realm admin without manage-realm (403) are refused as one line each', async () => {
    const wrong = await ioFlows('push', '--url', getStack().keycloak.url, '--realm', 'demo', '--username', 'admin', '--password', 'wrong', file);
    // Keycloak answers a wrong password with 400 invalid_grant.
    expect(wrong.text).to.match(/sign-in refused \(40[01]\) for user admin in realm master: Invalid user credentials/);
    expect(wrong.text).not.to.match(/\n\s+at /);
    expect(wrong.code).to.equal(1);

    const admin = await adminClient();
    const { id } = await admin.users.create({
      username: 'io-e2e-cli-viewer',
      enabled: true,
      emailVerified: true,
      email: 'io-e2e-cli-viewer@example.test',
      firstName: 'IO',
      lastName: 'Viewer',
      credentials: [{ type: 'password', value: 'viewer-password', temporary: false }],
    });
    try {
      const [realmManagement] = await admin.clients.find({ clientId: 'realm-management' });
      const viewRealm = await admin.clients.findRole({ id: realmManagement!.id!, roleName: 'view-realm' });
      await admin.users.addClientRoleMappings({ id, clientUniqueId: realmManagement!.id!, roles: [{ id: viewRealm!.id!, name: 'view-realm' }] });
      const viewer = [
        '--url',
        getStack().keycloak.url,
        '--realm',
        'demo',
        '--auth-realm',
        'demo',
        '--username',
        'io-e2e-cli-viewer',
        '--password',
        'viewer-password',
      ];
      const diff = await ioFlows('diff', ...viewer, file);
      expect(diff.text).to.equal(`${FLOW}: unchanged`);
      writeFileSync(file, stringify({ ...definition, name: "Not the viewer's to change" }));
      const push = await ioFlows('push', ...viewer, '--publish', '--comment', 'not mine to publish', file);
      expect(push.text).to.include('not allowed (403): the signed-in account may not change (needs manage-realm) realm demo');
      expect(push.text).not.to.match(/\n\s+at /);
      expect(push.code).to.equal(1);
      expect((await api('GET', `/flows/${FLOW}`)).body.name).to.equal('E2E flows as code');
      expect((await api('GET', `/flows/${FLOW}/versions`)).body).to.have.length(2);
    } finally {
      await admin.users.del({ id });
    }
  });
});
