/**
 * Bounded work per request (issue 8, point 7): author-supplied regular expressions run on a
 * linear-time engine, and a hostile expression is stopped with a clear code while the bridge
 * keeps serving others. Assertions are on results and ordering, never on timings.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { evaluate, startExpressionWorkers, type Scopes } from '../../src/engine/expressions.js';
import { policyCheckNode } from '../../src/nodes/backend/policy-check.js';
import { fieldIssues, parseField } from '../../src/nodes/frontend/form-fields.js';
import { expectKind, harness } from '../nodes/support/node-harness.js';
import { codeOf } from '../support/error-code.js';

const catastrophic = '(a+)+$';
const input32k = `${'a'.repeat(32 * 1024)}!`;
const scopes = (flow: Record<string, unknown> = {}): Scopes => ({ context: {}, session: {}, flow });

// Each block's timeout guards against a hang, not a timing assertion: the expression workers' first
// start on a loaded machine is slow.
describe('bounded work: regular expressions run in linear time', function () {
  this.timeout(60_000);
  it('a policy-check rule with a catastrophic pattern answers on 32 KB of input', async () => {
    const config = { rules: [{ id: 'r', field: 'input.value', regex: `b|${catastrophic}` }] };
    const result = expectKind(await harness(policyCheckNode, config, { input: { value: input32k } }).init(), 'next');
    expect(result.port).to.equal('fail');
    expect(result.outputs?.['violations']).to.deep.equal([{ rule: 'r', check: 'regex', message: 'policy.regex' }]);
    const passing = expectKind(await harness(policyCheckNode, config, { input: { value: 'a'.repeat(32 * 1024) } }).init(), 'next');
    expect(passing.port).to.equal('pass');
  });

  it('a form field pattern runs on the same engine', () => {
    const field = { name: 'code', label: 'Code', type: 'text' as const, pattern: '(x+x+)+y', maxLength: 1000 };
    expect(parseField(field, 'x'.repeat(1000))).to.deep.equal({ error: { message: 'field.pattern' } });
    expect(parseField(field, 'xxy')).to.deep.equal({ value: 'xxy' });
  });

  it('validation refuses patterns that need backtracking (back-references, look-around)', () => {
    expect(fieldIssues([{ name: 'a', label: 'A', type: 'text', pattern: '(a)\\1' }]).map((issue) => issue.field)).to.deep.equal(['fields[0].pattern']);
    const issues = policyCheckNode.check!({ rules: [{ field: 'input.x', regex: '(?=a)a' }] });
    expect(issues).to.have.length(1);
    expect(issues[0]!.message).to.match(/RE2/);
  });

  it("JSONata's regex literals run on RE2 too, and a back-reference is an invalid expression", async () => {
    expect(await evaluate('$match(flow.s, /(x+x+)+y/)', scopes({ s: 'x'.repeat(32 * 1024) }))).to.equal(undefined);
    expect(await evaluate('$contains(flow.s, /(a+)+$/)', scopes({ s: input32k }))).to.equal(false);
    expect(await evaluate('$replace(flow.s, /B(c)/i, "-$1")', scopes({ s: 'abcd' }))).to.equal('a-cd');
    expect(await codeOf(evaluate('$match(flow.s, /(a)\\1/)', scopes({ s: 'aa' })))).to.equal('expression_invalid');
  });
});

describe('bounded work: hostile expressions are stopped', function () {
  this.timeout(60_000);
  const hostile = {
    'deep recursion': ['($f := function($x){ 1 + $f($x) }; $f(1))', ['expression_too_deep']],
    'an endless loop through tail recursion': ['($f := function($x){ $f($x + 1) }; $f(1))', ['expression_timeout']],
    'a huge $pad': ['$length($pad("", 200000000))', ['expression_out_of_memory', 'expression_failed', 'expression_timeout']],
    'string growth by doubling': [
      '($g := function($t, $n){ $n = 0 ? $t : $g($t & $t, $n - 1) }; $length($g("abcdefgh", 40)))',
      ['expression_out_of_memory', 'expression_failed', 'expression_timeout'],
    ],
    'one builtin over ten million items': ['$count([1..10000000].($ * 2))', ['expression_timeout']],
  } as const;

  for (const [what, [source, codes]] of Object.entries(hostile)) {
    it(`${what}: fails with ${codes.join(' or ')}`, async () => {
      expect(codes).to.include(await codeOf(evaluate(source, scopes())));
    });
  }

  it("serves another journey's request while a hostile expression runs", async () => {
    const server: Server = createServer((_request, response) => response.end('served'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const order: string[] = [];
    await startExpressionWorkers(); // as the bridge does at start
    try {
      const stalled = evaluate('$count([1..10000000].($ * 2))', scopes()).catch((error: { code: string }) => order.push(`hostile ${error.code}`));
      const { port } = server.address() as AddressInfo;
      const served = fetch(`http://127.0.0.1:${port}/`).then(async (response) => order.push(`http ${await response.text()}`));
      const other = evaluate('$uppercase(flow.company)', scopes({ company: 'acme' })).then((value) => order.push(`expression ${String(value)}`));
      await Promise.all([stalled, served, other]);
    } finally {
      server.close();
    }
    expect(order).to.have.length(3);
    expect(order.slice(0, 2)).to.have.members(['http served', 'expression ACME']);
    expect(order[2]).to.equal('hostile expression_timeout');
  });

  it('evaluates the next expression normally after a worker was stopped', async () => {
    expect(await codeOf(evaluate('$count([1..10000000].($ * 2))', scopes()))).to.equal('expression_timeout');
    expect(await evaluate('$sum(flow.n)', scopes({ n: [1, 2, 3] }))).to.equal(6);
  });
});
