import { expect } from 'chai';
import { generateValueNode } from '../../src/nodes/backend/generate-value.js';
import { policyCheckNode, type PolicyCheckConfig } from '../../src/nodes/backend/policy-check.js';
import { redirectNode } from '../../src/nodes/backend/redirect.js';
import { setVariablesNode } from '../../src/nodes/backend/set-variables.js';
import { expectKind, harness } from './support/node-harness.js';

describe('set-variables node', () => {
  const config = {
    values: { fullName: 'input.first & " " & input.last', company: 'flow.company', user: 'context.user.username', visits: 'session.visits + 1' },
  };

  it('outputs the values of its expressions over context, session, flow and input', async () => {
    const node = harness(setVariablesNode, config, { input: { first: 'Jane', last: 'Doe' }, flow: { company: 'Acme' }, session: { visits: 2 } });
    const result = expectKind(await node.init(), 'next');
    expect(result).to.deep.equal({ kind: 'next', port: 'next', outputs: { fullName: 'Jane Doe', company: 'Acme', user: 'jane', visits: 3 } });
    expect(setVariablesNode.outputs(config)).to.deep.equal({
      fullName: { type: 'any' },
      company: { type: 'any' },
      user: { type: 'any' },
      visits: { type: 'any' },
    });
  });

  it('reports an invalid expression naming its value', () => {
    expect(setVariablesNode.check!({ values: { broken: 'input.(' } })[0]).to.include({ field: 'values.broken' });
  });
});

describe('generate-value node', () => {
  it('generates a UUID', async () => {
    const result = expectKind(await harness(generateValueNode, { strategy: 'uuid' }).init(), 'next');
    expect(result.outputs?.['value']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('generates random digits of the requested length', async () => {
    const result = expectKind(await harness(generateValueNode, { strategy: 'random-digits', length: 12 }).init(), 'next');
    expect(result.outputs?.['value']).to.match(/^\d{12}$/);
  });

  it('slugifies a template with a random suffix', async () => {
    const node = harness(
      generateValueNode,
      { strategy: 'slug', template: 'input.first & " " & input.last' },
      { input: { first: 'Zoë', last: "O'Brien-Müller" } },
    );
    const result = expectKind(await node.init(), 'next');
    expect(result.outputs?.['value']).to.match(/^zoe-o-brien-muller-\d{4}$/);
  });

  it('respects maxLength, separator and the fallback', async () => {
    const long = expectKind(
      await harness(generateValueNode, { strategy: 'slug', template: '"a very long name indeed"', maxLength: 12, separator: '.', length: 3 }).init(),
      'next',
    );
    expect(long.outputs?.['value']).to.match(/^a\.very\.l\.\d{3}$/);
    const empty = expectKind(await harness(generateValueNode, { strategy: 'slug', template: '"日本"', length: 0 }).init(), 'next');
    expect(empty.outputs?.['value']).to.equal('user');
  });

  it('requires a template for slugs only', () => {
    expect(generateValueNode.check!({ strategy: 'slug' })).to.deep.equal([{ field: 'template', message: 'the slug strategy needs a template' }]);
    expect(generateValueNode.check!({ strategy: 'uuid', template: 'x' })).to.deep.equal([{ field: 'template', message: 'applies only to the slug strategy' }]);
  });
});

describe('policy-check node', () => {
  const config: PolicyCheckConfig = {
    rules: [
      { id: 'username-format', field: 'input.username', regex: '[a-z][a-z0-9-]*', minLength: 3, maxLength: 20 },
      { id: 'country', field: 'input.country', oneOf: ['CH', 'DE'], message: 'policy.country' },
      { field: 'input.age', expression: 'value >= 18' },
    ],
  };

  it('passes when every rule holds', async () => {
    const result = expectKind(await harness(policyCheckNode, config, { input: { username: 'jane-doe', country: 'CH', age: 30 } }).init(), 'next');
    expect(result).to.deep.include({ port: 'pass', outputs: { violations: [] } });
  });

  it('fails with one violation per failed check', async () => {
    const result = expectKind(await harness(policyCheckNode, config, { input: { username: 'J', country: 'FR', age: 16 } }).init(), 'next');
    expect(result.port).to.equal('fail');
    expect(result.outputs?.['violations']).to.deep.equal([
      { rule: 'username-format', check: 'regex', message: 'policy.regex' },
      { rule: 'username-format', check: 'minLength', message: 'policy.minLength' },
      { rule: 'country', check: 'oneOf', message: 'policy.country' },
      { rule: 'rules[2]', check: 'expression', message: 'policy.expression' },
    ]);
  });

  it('reports bad regexes and expressions naming the rule', () => {
    const issues = policyCheckNode.check!({
      rules: [
        { field: 'input.x', regex: '[' },
        { field: 'input.(', expression: '1 +' },
      ],
    });
    expect(issues.map((issue) => issue.field)).to.deep.equal(['rules[0].regex', 'rules[1].field', 'rules[1].expression']);
  });
});

describe('redirect node', () => {
  const config = { url: '"https://idv.example.com/start?ref=" & $encodeUrlComponent(input.ref)', returnParams: ['status', 'token'] };

  it('waits with a redirect to the evaluated URL', async () => {
    const { screen } = expectKind(await harness(redirectNode, config, { input: { ref: 'a b' } }).init(), 'wait');
    expect(screen).to.deep.include({ redirectTo: 'https://idv.example.com/start?ref=a%20b', handlers: ['return'], partial: 'redirect' });
  });

  it('accepts http only for loopback hosts', async () => {
    const loopback = expectKind(await harness(redirectNode, { url: '"http://127.0.0.1:8080/cb"' }).init(), 'wait');
    expect(loopback.screen.redirectTo).to.equal('http://127.0.0.1:8080/cb');
    for (const url of ['"http://idv.example.com/"', '"javascript:alert(1)"', '"/relative"', '"https://user:pw@idv.example.com/"']) {
      expect(expectKind(await harness(redirectNode, { url }).init(), 'fail').error, url).to.equal('redirect_url_invalid');
    }
  });

  it('maps only the allowed query parameters into outputs', async () => {
    const result = expectKind(await harness(redirectNode, config).submit('return', { status: 'ok', evil: 'x' }), 'next');
    expect(result).to.deep.include({ port: 'returned', outputs: { status: 'ok' } });
    expect(redirectNode.outputs(config)).to.deep.equal({ status: { type: 'string' }, token: { type: 'string' } });
  });
});
