import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.js';

const repoFlows = join(import.meta.dirname, '..', '..', 'bridge', 'flows');

/** Runs `io-flows` with the given arguments and keeps what it printed. */
async function ioFlows(...args: string[]) {
  const lines: string[] = [];
  const code = await main(args, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return { code, text: lines.join('\n') };
}

describe('io-flows test', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'io-flows-'));
    cpSync(join(repoFlows, 'demo-profile.json'), join(dir, 'demo-profile.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeTest = (name: string, text: string) => writeFileSync(join(dir, name), text);

  it('runs the test cases shipped with the built-in flows and ends with a summary line', async () => {
    const { code, text } = await ioFlows('test', repoFlows);
    expect(text).to.match(/^flow tests: \d+ passed, 0 failed$/m);
    expect(text).to.include('✔ the company becomes the user-session note io.company');
    expect(code).to.equal(0);
  });

  it('reports an expectation the flow does not meet, with what it did instead', async () => {
    writeTest(
      'demo-profile.test.yaml',
      `
flow: demo-profile
cases:
  - name: wrong note
    steps: [{ node: profile, values: { company: Acme } }]
    expect:
      outcome: success
      actions: [{ type: set_session_note, name: company, value: Globex }]
`,
    );
    const { code, text } = await ioFlows('test', dir);
    expect(code).to.equal(1);
    expect(text).to.include('✘ wrong note');
    expect(text).to.include(
      'actions: expected [{"type":"set_session_note","name":"company","value":"Globex"}], got [{"type":"set_session_note","name":"company","value":"Acme"}]',
    );
    expect(text).to.match(/^flow tests: 0 passed, 1 failed$/m);
  });

  it('fails a case whose flow waits at another node than the step names', async () => {
    writeTest(
      'demo-profile.test.json',
      JSON.stringify({ flow: 'demo-profile', cases: [{ name: 'wrong node', steps: [{ node: 'terms' }], expect: { outcome: 'success' } }] }),
    );
    const { code, text } = await ioFlows('test', dir);
    expect(code).to.equal(1);
    expect(text).to.include('step 1 (terms): the flow waits at node profile');
  });

  it('fails a case that leaves the flow waiting', async () => {
    writeTest('demo-profile.test.yaml', 'flow: demo-profile\ncases: [{ name: unfinished, expect: { outcome: success } }]\n');
    const { code, text } = await ioFlows('test', dir);
    expect(code).to.equal(1);
    expect(text).to.include('the flow still waits at node profile after the last step');
  });

  it('fails a case when the flow calls an integration the test does not stub, or a stub goes unused', async () => {
    const flow = {
      schemaVersion: 1,
      id: 'crm-call',
      name: 'CRM call',
      category: 'authentication',
      version: '1',
      start: 'crm',
      nodes: [
        { id: 'crm', type: 'http-request', config: { method: 'GET', url: "'https://crm.example.com/ping'", timeoutMs: 1000 } },
        { id: 'ok', type: 'end', config: { outcome: 'success' } },
        { id: 'down', type: 'end', config: { outcome: 'failure', error: 'crm_down' } },
      ],
      links: [
        { from: 'crm', output: 'success', to: 'ok' },
        { from: 'crm', output: 'failure', to: 'down' },
      ],
    };
    writeFileSync(join(dir, 'crm-call.json'), JSON.stringify(flow));
    writeTest(
      'crm-call.test.yaml',
      `
flow: crm-call
cases:
  - name: no stub
    expect: { outcome: success }
  - name: unused stub
    http:
      - { request: { method: GET, url: "https://crm.example.com/ping" }, response: { status: 200 } }
      - { request: { method: GET, url: "https://crm.example.com/other" }, response: { status: 200 } }
    expect: { outcome: success }
  - name: timeout takes the failure port
    http:
      - { request: { method: GET, url: "https://crm.example.com/ping" }, error: timeout }
    expect: { outcome: failure, error: crm_down }
`,
    );
    const { code, text } = await ioFlows('test', join(dir, 'crm-call.test.yaml'));
    expect(code).to.equal(1);
    expect(text).to.include('the flow called GET https://crm.example.com/ping, which the test does not stub');
    expect(text).to.include('the stub for GET https://crm.example.com/other was never called');
    expect(text).to.include('✔ timeout takes the failure port');
    expect(text).to.match(/^flow tests: 1 passed, 2 failed$/m);
  });

  it('refuses an invalid test file, naming the field', async () => {
    writeTest('demo-profile.test.yaml', 'flow: demo-profile\ncases: [{ name: typo, expect: { outcome: done } }]\n');
    const { code, text } = await ioFlows('test', dir);
    expect(code).to.equal(1);
    expect(text).to.include('invalid test file: /cases/0/expect/outcome: must be equal to one of the allowed values');
  });

  it('names the line of a YAML syntax error', async () => {
    writeTest('demo-profile.test.yaml', 'flow: demo-profile\ncases:\n  - name: [unclosed\n');
    const { code, text } = await ioFlows('test', dir);
    expect(code).to.equal(1);
    expect(text).to.match(/not valid YAML \(line \d+\)/);
  });

  it('reports a flow next to the tests that the bridge would refuse, naming node and field', async () => {
    writeFileSync(
      join(dir, 'broken.yaml'),
      'schemaVersion: 1\nid: broken\nname: Broken\ncategory: authentication\nversion: "1"\nstart: nowhere\nnodes: []\nlinks: []\n',
    );
    writeTest('demo-profile.test.yaml', 'flow: demo-profile\ncases: [{ name: any, expect: { outcome: success } }]\n');
    const { code, text } = await ioFlows('test', dir);
    expect(code).to.equal(1);
    expect(text).to.match(/invalid flow: .*broken\.yaml/);
  });

  it('says so when there is nothing to test, and refuses an unknown command', async () => {
    expect((await ioFlows('test', dir)).text).to.include('no flow test files');
    expect((await ioFlows('frobnicate')).code).to.equal(2);
  });
});
