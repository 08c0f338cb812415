// The read benchmark (`pnpm bench`, never part of `pnpm test`). Seeds 100,000
// sessions and 1,000,000 interactions into a scratch PostgreSQL database, then
// measures, in one run, requests per second and p50/p99 latency of:
//   (a) a constant JSON reply from Hono: the HTTP ceiling of this machine
//   (b) a minimal Hono handler running the list statements with raw postgres.js
//   (c) GET /sessions, page 1
//   (d) GET /sessions with a cursor 1,000 pages deep
//   (e) GET /sessions?page=1000 (offset)
//   (f) GET /sessions/{id} of a session with 200 interactions
//   (g) a minimal Hono handler replaying (f)'s statements with raw postgres.js
//       and returning the rows as JSON: the detail's baseline
// and prints the ratios c/b, d/c, e/c and f/g, with the plans of the queries behind them.
// Only ratios within one run mean anything; nothing here passes or fails on time.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PaginatedSessions, systemPrincipal } from '@hindsight/models';
import { createDatabase, migrate } from '@hindsight/repository';
import { createHub } from '@hindsight/service';
import autocannon from 'autocannon';
import postgres from 'postgres';
import * as v from 'valibot';
import { explainWork } from './read-explain.js';
import { bigSessionIdSql, seedReadBench } from './read-seed.js';

const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const connections = 10;
const durationSeconds = 10;
const warmupSeconds = 2;
const deepPage = 1000;

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Measured {
  readonly label: string;
  /** Throughput with `connections` requests in flight. */
  readonly rps: number;
  /** Latency with one request at a time: what one client waits. */
  readonly p50: number;
  readonly p99: number;
  /**
   * Mean latency with one request at a time, from that run's request count: autocannon's
   * percentiles are whole milliseconds, too coarse for a ratio of two fast cases.
   */
  readonly mean: number;
  /** Latency with `connections` in flight (queueing on two cores included). */
  readonly loadedP50: number;
  readonly loadedP99: number;
}

async function run(label: string, url: string, inFlight: number) {
  const result = await autocannon({ url, connections: inFlight, duration: durationSeconds });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `${label}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

async function measure(label: string, url: string): Promise<Measured> {
  await autocannon({ url, connections, duration: warmupSeconds });
  const single = await run(label, url, 1);
  const loaded = await run(label, url, connections);
  return {
    label,
    rps: loaded.requests.average,
    p50: single.latency.p50,
    p99: single.latency.p99,
    mean: (single.duration * 1000) / single.requests.total,
    loadedP50: loaded.latency.p50,
    loadedP99: loaded.latency.p99,
  };
}

async function startServers(
  url: string,
): Promise<{ child: ChildProcess; ports: Record<string, number> }> {
  const script = fileURLToPath(new URL('./read-servers.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@hindsight/source', '--import', 'tsx', script],
    {
      env: { ...process.env, BENCH_DB_URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith('{"ready"'))
        resolve((JSON.parse(line) as { ready: Record<string, number> }).ready);
    });
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
  return { child, ports };
}

async function main(): Promise<void> {
  const name = `hindsight_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  let child: ChildProcess | undefined;
  await admin.unsafe(`create database "${name}"`);
  log(`read bench: scratch database ${name}`);
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const database = await createDatabase(dbUrl.toString());
    await migrate(database);
    await database.close();
    log('seeding 100,000 sessions and 1,000,000 interactions (bulk, server side)');
    await seedReadBench(sql, log);
    const [counts] = await sql`select
      (select count(*) from alert_sessions)::int as sessions,
      ((select count(*) from llm_interactions) + (select count(*) from mcp_communications))::int as interactions`;
    log(`  ${counts?.sessions} sessions, ${counts?.interactions} interactions`);
    const [big] = await sql.unsafe<Array<{ id: string }>>(bigSessionIdSql);
    const bigId = big?.id ?? '';

    log('query plans (EXPLAIN ANALYZE of the statements each request runs)');
    const captured: Array<{ query: string; params: unknown[] }> = [];
    const explained = await createDatabase(dbUrl.toString(), {
      maxConnections: 2,
      onQuery: (query, params) => captured.push({ query, params }),
    });
    const services = createHub({ db: explained.db }).as({ principal: systemPrincipal('bench') });
    // The cursor a client holds after paging 1,000 pages deep (newest first): signed by
    // this hub, so it is asked of the hub (and of the server below, for its own).
    const cursor = (await services.sessions.list({ page: deepPage })).next_cursor ?? '';
    const plans = [
      ['list page 1', () => services.sessions.list({})],
      [`list by cursor, page ${deepPage + 1}`, () => services.sessions.list({ cursor })],
      [`list by offset, page ${deepPage}`, () => services.sessions.list({ page: deepPage })],
      [
        'list sorted by duration, failed only',
        () => services.sessions.list({ sort_by: 'duration_ms', status: 'failed' }),
      ],
      ['search "svc7-"', () => services.sessions.list({ search: 'svc7-' })],
      ['detail (200 interactions)', () => services.sessions.get({ session_id: bigId })],
      ['summary (200 interactions)', () => services.sessions.summary({ session_id: bigId })],
    ] as const;
    let clean = true;
    for (const [label, work] of plans)
      clean = (await explainWork(label, captured, work, sql, log)) && clean;
    log(`  sequential scans of interaction tables: ${clean ? 'none' : 'FOUND (see above)'}`);
    await explained.close();

    const servers = await startServers(dbUrl.toString());
    child = servers.child;
    const api = `http://127.0.0.1:${servers.ports.api}/api/v1/history`;
    const served = v.parse(
      PaginatedSessions,
      await (await fetch(`${api}/sessions?page=${deepPage}`)).json(),
    );
    const servedCursor = served.next_cursor ?? '';

    // The deep cursor page is the same page as offset page 1,001: check before timing.
    const viaCursor = v.parse(
      PaginatedSessions,
      await (await fetch(`${api}/sessions?cursor=${servedCursor}`)).json(),
    );
    const viaOffset = v.parse(
      PaginatedSessions,
      await (await fetch(`${api}/sessions?page=${deepPage + 1}`)).json(),
    );
    const same = JSON.stringify(viaCursor.sessions) === JSON.stringify(viaOffset.sessions);
    log(`cursor page ${deepPage + 1} equals offset page ${deepPage + 1}: ${same ? 'yes' : 'NO'}`);
    if (!same) throw new Error('the cursor page and the offset page differ');

    log(
      `load per case: ${warmupSeconds} s warm-up, ${durationSeconds} s with 1 connection (latency), ${durationSeconds} s with ${connections} (throughput)`,
    );
    const results = [
      await measure('(a) constant JSON (Hono)', `http://127.0.0.1:${servers.ports.constant}/`),
      await measure('(b) raw list query (postgres.js)', `http://127.0.0.1:${servers.ports.raw}/`),
      await measure('(c) GET /sessions', `${api}/sessions`),
      await measure(`(d) cursor, page ${deepPage + 1}`, `${api}/sessions?cursor=${servedCursor}`),
      await measure(`(e) offset, page ${deepPage}`, `${api}/sessions?page=${deepPage}`),
      await measure('(f) detail, 200 interactions', `${api}/sessions/${bigId}`),
      await measure(
        '(g) raw detail queries (postgres.js)',
        `http://127.0.0.1:${servers.ports.rawDetail}/`,
      ),
    ];
    log('');
    log(
      `${'case'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} | p50 / p99 ms with ${connections} in flight`,
    );
    for (const r of results) {
      log(
        `${r.label.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} | ${r.loadedP50.toFixed(1)} / ${r.loadedP99.toFixed(1)}`,
      );
    }
    log(`(req/s with ${connections} connections; p50 and p99 with one request at a time)`);
    const [, b, c, d, e, f, g] = results as [
      Measured,
      Measured,
      Measured,
      Measured,
      Measured,
      Measured,
      Measured,
    ];
    log('');
    log(`c/b (throughput, real endpoint over raw query): ${(c.rps / b.rps).toFixed(2)}`);
    log(
      `d/c (throughput, cursor 1,000 pages deep over page 1): ${(d.rps / c.rps).toFixed(2)}  (p50 ${(d.p50 / c.p50).toFixed(2)}x page 1's)`,
    );
    log(
      `e/c (throughput, offset page 1,000 over page 1): ${(e.rps / c.rps).toFixed(2)}  (p50 ${(e.p50 / c.p50).toFixed(2)}x page 1's)`,
    );
    log(
      `f/g (p50, detail endpoint over its raw queries): ${(f.p50 / g.p50).toFixed(2)}  (target <= 3; throughput g/f ${(g.rps / f.rps).toFixed(2)})`,
    );
    log(
      `f/g (mean latency, one request at a time, finer than the whole-ms p50s): ${(f.mean / g.mean).toFixed(2)}  (${f.mean.toFixed(2)} ms over ${g.mean.toFixed(2)} ms)`,
    );
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
    log(`dropped ${name}`);
  }
}

await main();
