/**
 * Figures (nothing asserted) for Keycloak's side of a login that hands off to a published flow
 * version: time from the password POST to the handoff page, and how many table reads PostgreSQL
 * counts per login — IO's own tables separately from all of Keycloak's. Runs on the end-to-end
 * stack with IO_KC_DB=postgres (scripts/bench.sh), so the figures are those of a real database.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { adminClient, useJourneyFlow } from '../support/admin.js';
import { bridgeFlow, ioApi } from '../support/io-admin.js';
import { handoffOverHttp, TEST_USER } from '../support/journey.js';

const FLOW = 'bench-published-profile';
const LOGINS = Number(process.env.IO_BENCH_LOGINS ?? 50);

/** idx_scan + seq_scan of Keycloak's tables: IO's (io_*) and all of them. */
function tableReads(): { io: number; all: number } {
  const sql = `select coalesce(sum(coalesce(idx_scan,0)+coalesce(seq_scan,0)) filter (where relname like 'io\\_%'),0), coalesce(sum(coalesce(idx_scan,0)+coalesce(seq_scan,0)),0) from pg_stat_user_tables`;
  const out = execFileSync(
    'psql',
    [
      '-h',
      process.env.IO_PG_HOST ?? '127.0.0.1',
      '-p',
      process.env.IO_PG_PORT ?? '5432',
      '-U',
      process.env.IO_PG_USER ?? 'keycloak',
      '-d',
      process.env.IO_PG_DB ?? 'keycloak',
      '-Atc',
      sql,
    ],
    {
      env: { ...process.env, PGPASSWORD: process.env.IO_PG_PASSWORD ?? 'keycloak' },
    },
  )
    .toString()
    .trim();
  const [io, all] = out.split('|').map(Number);
  return { io: io!, all: all! };
}

/**
 * PostgreSQL publishes a backend's statistics at most once a second while it works, and up to ten
 * seconds after it went idle: wait that long, so the window holds the logins' reads and only those.
 */
const settled = () => new Promise((resolve) => setTimeout(resolve, 11_000));

describe('bench: the handoff path on PostgreSQL', function () {
  this.timeout(600_000);

  it('prints time per handoff and database reads per login', async () => {
    const admin = await adminClient();
    const api = async (method: string, path: string, body?: unknown) => ioApi(await admin.getAccessToken(), method, path, body);
    await api('DELETE', `/flows/${FLOW}`);
    await api('POST', '/flows', bridgeFlow('demo-profile', { id: FLOW, name: 'Bench profile' }));
    const published = await api('POST', `/flows/${FLOW}/versions`, { comment: 'bench', activate: true });
    if (published.status !== 201) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
    const restore = await useJourneyFlow(FLOW);
    try {
      // The first logins fill Keycloak's caches (realm, client, user) and IO's snapshot.
      for (let i = 0; i < 3; i++) await handoffOverHttp(TEST_USER.username, TEST_USER.password);
      await settled();
      const before = tableReads();
      const times: number[] = [];
      for (let i = 0; i < LOGINS; i++) {
        const start = performance.now();
        await handoffOverHttp(TEST_USER.username, TEST_USER.password);
        times.push(performance.now() - start);
      }
      await settled();
      const after = tableReads();
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      console.log(`handoff path, Keycloak on PostgreSQL, ${LOGINS} logins of one user (login page + password POST + handoff page):`);
      console.log(`  time per login: median ${at(0.5)} ms, p90 ${at(0.9)} ms`);
      console.log(`  IO table reads per login: ${((after.io - before.io) / LOGINS).toFixed(2)}`);
      console.log(`  all table reads per login (Keycloak's own included): ${((after.all - before.all) / LOGINS).toFixed(2)}`);
    } finally {
      await restore();
      await api('DELETE', `/flows/${FLOW}`);
    }
  });
});
