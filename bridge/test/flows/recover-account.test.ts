import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Execution, FlowContext } from '../../src/engine/execution.js';
import { FlowCatalog } from '../../src/engine/flow-catalog.js';
import { FlowEngine } from '../../src/engine/flow-engine.js';
import { flowRuntime } from '../../src/flow-runtime.js';
import { MemoryCounterStore } from '../../src/store/memory-counter-store.js';
import { fakeServices } from '../nodes/support/node-harness.js';

/**
 * The shipped template recover-account with its processors, across journeys: wrong codes count
 * against the typed address (failed-attempts with subjectVariable), so restarting buys no fresh
 * attempts, and a locked-out address is stopped before a new code is sent. Flow test cases
 * (recover-account.test.yaml) run one journey each; this needs several sharing the counters.
 */
describe('template recover-account: the lockout per address across journeys', () => {
  const runtime = flowRuntime();
  const catalog = new FlowCatalog(
    [{ raw: JSON.parse(readFileSync(new URL('../../flows/recover-account.json', import.meta.url), 'utf8')), path: 'recover-account.json' }],
    runtime.validation,
  );
  const context: FlowContext = { issuer: 'https://kc.example.test/realms/demo', realm: 'demo', client: { id: 'portal' } };

  function setup() {
    const services = fakeServices();
    const counters = new MemoryCounterStore(services.clock.now);
    const engine = new FlowEngine({
      nodeTypes: runtime.nodeTypes,
      services: { ...services, counters, flows: catalog },
      resolveProcessors: runtime.resolveProcessors,
    });
    let journeys = 0;
    /** A journey for `email` up to its code screen, then `wrongCodes` wrong codes. */
    const recover = async (email: string, wrongCodes: number): Promise<Execution> => {
      let execution = await engine.start(catalog.require('recover-account'), context, { executionId: `journey-${++journeys}` });
      execution = (await engine.submit(execution, execution.current!.stepId, { handler: 'submit', values: { email } })).execution;
      for (let wrong = 0; wrong < wrongCodes && execution.status === 'active'; wrong++) {
        const code = /\b(\d{6})\b/u.exec(services.sent.at(-1)!.text)![1]!;
        const other = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
        execution = (await engine.submit(execution, execution.current!.stepId, { handler: 'verify', values: { code: other } })).execution;
      }
      return execution;
    };
    return { services, recover };
  }

  it('three wrong codes end a journey; two more in a new one lock the address out; then no code is sent', async () => {
    const { services, recover } = setup();
    expect(await recover('bob@example.com', 3)).to.include({ status: 'failed', error: 'recovery_code_failed' });
    expect(await recover('Bob@Example.com', 2)).to.include({ status: 'failed', error: 'user_locked_out' });
    const mailsBefore = services.sent.length;
    expect(await recover('bob@example.com', 0)).to.include({ status: 'failed', error: 'user_locked_out' });
    expect(services.sent.length, 'no code for a locked-out address').to.equal(mailsBefore);
    // Another address is not affected.
    expect(await recover('carol@example.com', 0)).to.include({ status: 'active' });
  });
});
