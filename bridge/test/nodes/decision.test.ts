import { expect } from 'chai';
import { abSplitNode, bucketOf, type AbSplitConfig } from '../../src/nodes/decision/ab-split.js';
import { conditionNode } from '../../src/nodes/decision/condition.js';
import { switchNode, type SwitchConfig } from '../../src/nodes/decision/switch.js';
import { endNode } from '../../src/nodes/end.js';
import { baseContext, expectKind, harness } from './support/node-harness.js';

describe('condition node', () => {
  it('leaves through true only for the boolean true', async () => {
    const port = async (expression: string) =>
      expectKind(await harness(conditionNode, { expression }, { input: { age: 20 }, flow: { plan: 'pro' } }).init(), 'next').port;
    expect(await port('input.age >= 18 and flow.plan = "pro"')).to.equal('true');
    expect(await port('input.age < 18')).to.equal('false');
    expect(await port('input.missing')).to.equal('false');
    expect(await port('"yes"')).to.equal('false');
    expect(conditionNode.ports({ expression: 'true' })).to.deep.equal(['true', 'false']);
  });
});

describe('switch node', () => {
  const config: SwitchConfig = {
    expression: 'context.realm',
    cases: [
      { value: 'demo', port: 'demo' },
      { value: 'staging', port: 'demo' },
      { value: 42, port: 'answer' },
    ],
  };

  it('takes the first matching case, else default', async () => {
    expect(switchNode.ports(config)).to.deep.equal(['demo', 'answer', 'default']);
    expect(expectKind(await harness(switchNode, config).init(), 'next').port).to.equal('demo');
    const other = harness(switchNode, { ...config, expression: 'input.n' }, { input: { n: 42 } });
    expect(expectKind(await other.init(), 'next').port).to.equal('answer');
    const none = harness(switchNode, { ...config, expression: 'input.n' }, { input: { n: '42' } });
    expect(expectKind(await none.init(), 'next').port).to.equal('default');
  });

  it('reports duplicate case values', () => {
    expect(switchNode.check!({ ...config, cases: [...config.cases, { value: 'demo', port: 'x' }] })).to.deep.equal([
      { field: 'cases', message: '"demo" occurs more than once' },
    ]);
  });
});

describe('ab-split node', () => {
  const config: AbSplitConfig = {
    salt: 'signup-2025',
    variants: [
      { port: 'a', percent: 20 },
      { port: 'b', percent: 30 },
      { port: 'c', percent: 50 },
    ],
  };

  it('puts a user always in the same variant and outputs it', async () => {
    const first = expectKind(await harness(abSplitNode, config, { executionId: 'e1' }).init(), 'next');
    const again = expectKind(await harness(abSplitNode, config, { executionId: 'e2' }).init(), 'next');
    expect(again.port).to.equal(first.port);
    expect(first.outputs).to.deep.equal({ variant: first.port });
  });

  it('uses the execution id when there is no user', async () => {
    const anonymous = { ...baseContext, user: undefined };
    const ports = new Set<string>();
    for (let i = 0; i < 50; i++)
      ports.add(expectKind(await harness(abSplitNode, config, { context: anonymous, executionId: `exec-${i}` }).init(), 'next').port);
    expect(ports.size).to.be.greaterThan(1);
  });

  it('splits 10k users within ±3% of the percentages', async () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) {
      const context = { ...baseContext, user: { id: `user-${i}` } };
      const { port } = expectKind(await harness(abSplitNode, config, { context }).init(), 'next');
      counts[port]!++;
    }
    for (const { port, percent } of config.variants) expect(Math.abs(counts[port]! / 100 - percent), port).to.be.at.most(3);
  });

  it('derives the bucket from the first four bytes of sha256(salt + id)', () => {
    // sha256("su") starts with 0a64ce10 (`printf su | sha256sum`).
    expect(bucketOf('s', 'u')).to.equal(0x0a64ce10 % 100);
  });

  it('requires percents summing to 100 and distinct ports', () => {
    expect(
      abSplitNode.check!({
        salt: 'x',
        variants: [
          { port: 'a', percent: 50 },
          { port: 'a', percent: 40 },
        ],
      }),
    ).to.deep.equal([
      { field: 'variants', message: '"a" occurs more than once' },
      { field: 'variants', message: 'percents sum to 90, not 100' },
    ]);
  });
});

describe('end node', () => {
  it('ends with success and session notes from expressions', async () => {
    const config = {
      outcome: 'success' as const,
      sessionNotes: { company: 'flow.company', seats: 'flow.seats', tags: 'flow.tags', empty: 'flow.none', blank: '""', long: '$pad("", 3000, "x")' },
    };
    const result = expectKind(await harness(endNode, config, { flow: { company: 'Acme', seats: 3, tags: ['a'] } }).init(), 'end');
    expect(result.outcome).to.equal('success');
    expect(result.error).to.equal(undefined);
    expect(
      (result.actions as Array<{ name: string; value: string }>).map((action) => [action.name, action.value.length > 100 ? action.value.length : action.value]),
    ).to.deep.equal([
      ['company', 'Acme'],
      ['seats', '3'],
      ['tags', '["a"]'],
      ['long', 2048],
    ]);
    expect(endNode.ports(config)).to.deep.equal([]);
  });

  it('ends with failure and its error code', async () => {
    const result = expectKind(await harness(endNode, { outcome: 'failure', error: 'kyc_rejected' }).init(), 'end');
    expect(result).to.deep.include({ outcome: 'failure', error: 'kyc_rejected', actions: [] });
  });
});
