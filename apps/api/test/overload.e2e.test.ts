import { IngestResult, ProblemDetails } from '@hindsight/models';
import postgres from 'postgres';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from './server-process.js';

// Slow searches, made slow deterministically: the test holds an ACCESS
// EXCLUSIVE lock on mcp_communications, which every search reads and which
// ingesting `session.started` never touches. Every search blocks until the
// lock is released (the end of the burst); nothing depends on how fast the
// machine is, and no assertion measures time.

const adminUrl = process.env.TEST_DATABASE_URL;
const key = `overload-e2e-${'k'.repeat(32)}`;
const searchConcurrency = 2;
const burst = 12;

describe.skipIf(!adminUrl)('under a burst of slow searches', () => {
  let scratch: ScratchDatabase;
  let server: ServerProcess;
  let sql: postgres.Sql;

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl ?? '', 'hindsight_overload');
    server = await startServerProcess({
      DATABASE_URL: scratch.url,
      HINDSIGHT_BOOTSTRAP_KEY: key,
      HINDSIGHT_RATE_LIMIT_READ: '0',
      HINDSIGHT_RATE_LIMIT_INGEST: '0',
      HINDSIGHT_CONCURRENCY_SEARCH: String(searchConcurrency),
      // The burst's ten ingests are all admitted at once: with a queue wait of 200 ms, two
      // queued behind eight on a busy machine could be shed, which is not what is tested.
      HINDSIGHT_CONCURRENCY_INGEST: '10',
      HINDSIGHT_QUEUE_WAIT_MS: '200',
      // Long enough that no search of the burst ends by a timeout: what ends one
      // early is shedding, or cancellation when its client goes away.
      HINDSIGHT_REQUEST_TIMEOUT_MS: '100000',
    });
    sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
  });

  afterAll(async () => {
    await stopServerProcess(server);
    await sql?.end({ timeout: 5 });
    await scratch?.drop();
  });

  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

  const search = (signal?: AbortSignal) =>
    fetch(`${server.url}/api/v1/history/sessions?search=disk`, {
      headers,
      ...(signal ? { signal } : {}),
    });

  const ingest = (n: number) =>
    fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        batch: [
          {
            id: `overload-event-${n}`,
            timestamp: new Date().toISOString(),
            type: 'session.started',
            body: {
              session_id: `overload-session-${n}`,
              alert_id: `alert-${n}`,
              alert_type: 'DiskFull',
              agent_type: 'sre',
              alert_data: { n },
              chain_id: 'disk-chain',
              chain_definition: { stages: [] },
              started_at_us: Date.now() * 1000,
            },
          },
        ],
      }),
    });

  /**
   * The server's statements that read the locked table and are not idle, the
   * lock holder's and this query's aside. Only a search reads it: the server's
   * background jobs (live feed, OpenTelemetry sweep, usage refresh) run
   * statements of their own at any moment, and they are not a request's.
   */
  async function serverStatements(holder: number): Promise<Array<{ query: string; wait: string }>> {
    return sql`
      select query, coalesce(wait_event_type, '') as wait from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and pid <> ${holder}
        and state <> 'idle' and query like '%"mcp_communications"%'`;
  }

  it('answers every ingest promptly, sheds excess searches with 503, cancels abandoned ones, and recovers', async () => {
    const holder = await sql.reserve();
    let searches: Array<Promise<Response>> = [];
    const settled = new Map<number, Response>();
    let pid = 0;
    let shed = new Set<number>();
    try {
      await holder`begin`;
      await holder`lock table mcp_communications in access exclusive mode`;
      const [row] = await holder`select pg_backend_pid() as pid`;
      pid = Number(row?.pid);

      // The burst: one search the client will abandon, then the rest.
      const abandon = new AbortController();
      const abandoned = search(abandon.signal).catch((error: unknown) => error);
      // A search first probes its terms (one statement, blocked by the lock); its
      // page and count would follow, each on a connection of its pool.
      await vi.waitFor(async () => expect(await serverStatements(pid)).toHaveLength(1), {
        timeout: 60_000,
        interval: 50,
      });
      searches = Array.from({ length: burst - 1 }, () => search());

      // Every search beyond the budget is answered 503 with Retry-After while the
      // burst is still on (the lock is held): shed, not queued into a 504.
      searches.forEach((p, i) => {
        void p.then((res) => settled.set(i, res));
      });
      await vi.waitFor(() => expect(settled.size).toBe(burst - searchConcurrency), {
        timeout: 60_000,
        interval: 50,
      });
      shed = new Set(settled.keys());
      for (const res of settled.values()) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
        v.parse(ProblemDetails, await res.json());
      }

      // Ingest and plain reads have budgets of their own: all answered during the burst.
      const ingests = await Promise.all(Array.from({ length: 10 }, (_, n) => ingest(n)));
      for (const res of ingests) {
        expect(res.status, await res.clone().text()).toBe(207);
        expect(v.parse(IngestResult, await res.json()).errors).toEqual([]);
      }
      // (Filter options read only alert_sessions, which the test's lock leaves alone.)
      const read = await fetch(`${server.url}/api/v1/history/filter-options`, { headers });
      expect(read.status).toBe(200);

      // A client that goes away takes its statements with it, while the lock is still held.
      const blocked = await serverStatements(pid);
      expect(blocked).toHaveLength(searchConcurrency);
      for (const statement of blocked) expect(statement.wait).toBe('Lock');
      abandon.abort();
      expect(await abandoned).toBeInstanceOf(Error);
      await vi.waitFor(
        async () => expect(await serverStatements(pid)).toHaveLength(searchConcurrency - 1),
        { timeout: 60_000, interval: 50 },
      );
    } finally {
      await holder`rollback`;
      holder.release();
    }

    // The burst is over: the admitted search finishes, and the server serves normally.
    const answers = await Promise.all(searches);
    const admitted = answers.filter((_, i) => !shed.has(i));
    expect(admitted).toHaveLength(searchConcurrency - 1);
    for (const res of admitted) expect(res.status).toBe(200);
    expect((await search()).status).toBe(200);
    expect((await ingest(100)).status).toBe(207);
    // No statement outlived its request.
    expect(await serverStatements(pid)).toEqual([]);
  });
});
