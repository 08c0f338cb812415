// Ingest throughput (`pnpm bench`, never part of `pnpm test`): HTTP batches of
// 100 events from 4 concurrent clients against the built server, on
// PostgreSQL and on PGlite, beside a baseline measured in the same run: the
// same rows written by raw multi-row INSERTs with postgres.js, and by COPY
// (the ceiling: PostgreSQL's fastest way in). Also the same
// batches through the ingest service in process (no HTTP), and the CPU each
// process spent per event, to show where the time goes, and the server's peak
// RSS and its RSS a few seconds after the ingest ended (idle), with the
// embedded database's goals beside them (on PGlite also its RSS idle on the
// demo sessions before any ingest: the goal's "idle after seeding"). Prints figures; never passes or
// fails on them. Rounds are interleaved and medians reported.
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { systemPrincipal } from '@hindsight/models';
import { createDatabase } from '@hindsight/repository';
import { createHub } from '@hindsight/service';
import postgres from 'postgres';
import { type GeneratedSession, generateSessions, type SeedEvent } from '../src/seed/generate.js';
import { batchesOf } from '../src/seed/run-seed.js';
import { createScratchDatabase, type ScratchDatabase } from '../test/scratch-database.js';
import { runCli, type ServerProcess, startServerProcess } from '../test/server-process.js';

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '4' },
    batch: { type: 'string', default: '100' },
    'skip-pglite': { type: 'boolean', default: false },
    /** How long the server sits idle (after its start on PGlite, after the measured ingest) before its RSS is sampled. */
    'idle-seconds': { type: 'string', default: '5' },
  },
});
const targetEvents = Number(flags.events);
const rounds = Number(flags.rounds);
const clients = Number(flags.clients);
const batchSize = Number(flags.batch);
const idleSeconds = Number(flags['idle-seconds']);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** When set, the server writes a V8 CPU profile there (open it in Chrome DevTools). */
const profileDir = process.env.BENCH_PROFILE_DIR;

interface Workload {
  readonly sessions: readonly GeneratedSession[];
  readonly events: number;
  /** Per client, its batches in the order it sends them (sessions never shared). */
  readonly batches: readonly SeedEvent[][][];
  /** The same, serialised once, so that the clients do not pay for JSON. */
  readonly bodies: readonly Buffer[][];
}

function workload(seed: number, events: number): Workload {
  const sessions: GeneratedSession[] = [];
  let total = 0;
  for (const session of generateSessions({ seed, nowUs: Date.now() * 1000 })) {
    sessions.push(session);
    total += session.events.length;
    if (total >= events) break;
  }
  const batches = Array.from({ length: clients }, (_, k) => [
    ...batchesOf(
      sessions.filter((_, i) => i % clients === k),
      batchSize,
    ),
  ]);
  const bodies = batches.map((list) => list.map((batch) => Buffer.from(JSON.stringify({ batch }))));
  return { sessions, events: total, batches, bodies };
}

// ---------------------------------------------------------------------------
// CPU accounting, from /proc: where the time goes, per process.
// ---------------------------------------------------------------------------

const ticksPerSecond = 100;

function cpuMsOfPid(pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** CPU of the PostgreSQL backends connected to `database` (their titles name it). */
function postgresCpuMs(database: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) {
        total += cpuMsOfPid(pid);
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

function selfCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** A field of /proc/PID/status in bytes: VmHWM is the peak resident set, VmRSS the current one. */
function statusBytes(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? Number.NaN) * 1024;
}

interface Measured {
  readonly seconds: number;
  /** CPU milliseconds spent by the client (this process), the server and PostgreSQL. */
  readonly clientMs: number;
  readonly serverMs?: number;
  readonly postgresMs?: number;
  readonly peakRss?: number;
  /** The server's resident set `idleSeconds` after the measured ingest ended. */
  readonly idleRss?: number;
  /** Its resident set `idleSeconds` after it started on a seeded database, before any ingest. */
  readonly seededIdleRss?: number;
}

async function measure(
  run: () => Promise<void>,
  sources: { serverPid?: number; database?: string },
): Promise<Omit<Measured, 'peakRss' | 'idleRss' | 'seededIdleRss'>> {
  const server0 = sources.serverPid === undefined ? 0 : cpuMsOfPid(sources.serverPid);
  const pg0 = sources.database === undefined ? 0 : postgresCpuMs(sources.database);
  const client0 = selfCpuMs();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    clientMs: selfCpuMs() - client0,
    ...(sources.serverPid === undefined
      ? {}
      : { serverMs: cpuMsOfPid(sources.serverPid) - server0 }),
    ...(sources.database === undefined
      ? {}
      : { postgresMs: postgresCpuMs(sources.database) - pg0 }),
  };
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

// ---------------------------------------------------------------------------
// The runs.
// ---------------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: clients });

function post(url: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/ingest`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 207) {
            reject(new Error(`ingest answered ${res.statusCode}: ${text}`));
            return;
          }
          // Not parsed whole: an answer without errors ends with an empty list.
          if (!text.endsWith('"errors":[]}')) {
            reject(new Error(`ingest refused events: ${text.slice(-500)}`));
            return;
          }
          resolve();
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(url: string, load: Workload): Promise<void> {
  await Promise.all(
    load.bodies.map(async (bodies) => {
      for (const body of bodies) await post(url, body);
    }),
  );
}

async function stop(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Gives the planner the statistics autovacuum keeps on a production
 * PostgreSQL. A scratch database a minute old has had none yet: the generic
 * plans of the server's prepared lookups, made on near-empty tables, scan
 * whole tables until the first ANALYZE replaces them. (The raw INSERT
 * baseline looks nothing up.)
 */
async function analyze(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`analyze`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Starts the built server on `databaseUrl`, warms it up (and, on PostgreSQL,
 * analyzes it: see analyze), and measures `load`.
 * `seeded`: the database gets the demo sessions first (`hindsight seed`, as
 * the quick start does), and the server's RSS is sampled once it has sat idle
 * on them, before any ingest: the embedded goal's "idle after seeding".
 */
async function httpRun(
  databaseUrl: string,
  warmup: Workload,
  load: Workload,
  { seeded = false }: { seeded?: boolean } = {},
): Promise<Measured> {
  if (seeded) {
    const seed = await runCli(['seed'], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
    if (seed.code !== 0) throw new Error(`seed failed: ${seed.stdout}${seed.stderr}`);
  }
  const server = await startServerProcess(
    // Measures ingest itself: no authentication, no throttling.
    {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'info',
      HINDSIGHT_AUTH: 'off',
      HINDSIGHT_RATE_LIMIT_INGEST: '0',
      HINDSIGHT_RATE_LIMIT_READ: '0',
    },
    { nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] },
  );
  try {
    let seededIdleRss: number | undefined;
    if (seeded) {
      await sleep(idleSeconds);
      seededIdleRss = statusBytes(server.child.pid, 'VmRSS');
    }
    await drive(server.url, warmup);
    if (databaseUrl.startsWith('postgres')) await analyze(databaseUrl);
    const measured = await measure(() => drive(server.url, load), {
      ...(server.child.pid === undefined ? {} : { serverPid: server.child.pid }),
      ...(databaseUrl.startsWith('postgres') ? { database: databaseName(databaseUrl) } : {}),
    });
    const peakRss = statusBytes(server.child.pid, 'VmHWM');
    // Idle: nothing arrives; what stays resident is what a quiet server costs.
    await sleep(idleSeconds);
    return {
      ...measured,
      peakRss,
      idleRss: statusBytes(server.child.pid, 'VmRSS'),
      ...(seededIdleRss === undefined ? {} : { seededIdleRss }),
    };
  } finally {
    await stop(server);
  }
}

/**
 * The same batches through the ingest service in this process: the same
 * validation and transactions without HTTP. The gap to the HTTP run is the
 * cost of HTTP; the gap to the raw run, the cost of the rest.
 */
async function inProcessRun(databaseUrl: string, load: Workload): Promise<Measured> {
  const database = await createDatabase(databaseUrl, { maxConnections: clients });
  try {
    const services = createHub({ db: database.db }).as({ principal: systemPrincipal('bench') });
    await Promise.all(Array.from({ length: clients }, () => services.system.readiness()));
    const measured = await measure(
      async () => {
        await Promise.all(
          load.batches.map(async (list) => {
            for (const batch of list) {
              const result = await services.ingest.batch({ batch });
              if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors[0]));
            }
          }),
        );
      },
      { database: databaseName(databaseUrl) },
    );
    // In process, the client is the server.
    return { ...measured, serverMs: measured.clientMs, clientMs: 0 };
  } finally {
    await database.close();
  }
}

const jsonColumns: Record<string, readonly string[]> = {
  alert_sessions: ['alert_data', 'session_metadata', 'chain_definition'],
  stage_executions: ['stage_output'],
  llm_interactions: ['messages', 'tool_calls', 'tool_results'],
  mcp_communications: ['parameters', 'result', 'available_tools'],
  ingest_events: [],
};
const entityTables = [
  'alert_sessions',
  'stage_executions',
  'llm_interactions',
  'mcp_communications',
];

type Row = Record<string, unknown>;

/** The rows the measured events left, per client (by session, as the HTTP clients split them). */
async function rowsOf(url: string, load: Workload): Promise<Map<string, Row[]>[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const perClient = load.batches.map(() => new Map<string, Row[]>());
    const clientOf = new Map(load.sessions.map((s, i) => [s.sessionId, i % clients]));
    const ids = load.sessions.map((s) => s.sessionId);
    for (const table of [...entityTables, 'ingest_events']) {
      const rows = await sql<Row[]>`select * from ${sql(table)} where session_id = any(${ids})`;
      for (const row of rows) {
        const client = perClient[clientOf.get(String(row.session_id)) ?? 0];
        if (!client) continue;
        const list = client.get(table) ?? [];
        list.push(row);
        client.set(table, list);
      }
    }
    return perClient;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The baseline: the same rows, inserted into an empty migrated database by
 * multi-row INSERTs of `batchSize` rows, parents first, one connection per
 * HTTP client. No HTTP, no validation, no idempotency, no locks.
 */
async function rawInsertRun(
  url: string,
  rows: readonly Map<string, Row[]>[],
  tables: readonly string[],
): Promise<Measured> {
  const sql = postgres(url, { max: clients, onnotice: () => {} });
  try {
    await Promise.all(Array.from({ length: clients }, () => sql`select 1`));
    const statements = rows.map((client) =>
      tables.flatMap((table) => {
        const all = client.get(table) ?? [];
        const chunks: Row[][] = [];
        for (let i = 0; i < all.length; i += batchSize) {
          chunks.push(
            all.slice(i, i + batchSize).map((row) => {
              const copy: Row = { ...row };
              for (const column of jsonColumns[table] ?? []) {
                const value = copy[column];
                copy[column] = value === null ? null : sql.json(value as postgres.JSONValue);
              }
              return copy;
            }),
          );
        }
        return chunks.map((chunk) => ({ table, chunk }));
      }),
    );
    return await measure(
      async () => {
        await Promise.all(
          statements.map(async (list) => {
            for (const { table, chunk } of list) await sql`insert into ${sql(table)} ${sql(chunk)}`;
          }),
        );
      },
      { database: databaseName(url) },
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function migrated(prefix: string, cleanup: ScratchDatabase[]): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(adminUrl, prefix);
  cleanup.push(database);
  const run = await runCli(['migrate'], { DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
  if (run.code !== 0) throw new Error(`migrate failed: ${run.stdout}${run.stderr}`);
  return database;
}

// ---------------------------------------------------------------------------
// Report.
// ---------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

function line(what: string, runs: readonly Measured[], events: number): string {
  const perEvent = (pick: (m: Measured) => number | undefined) => {
    const values = runs.map(pick).filter((v): v is number => v !== undefined);
    return values.length === 0 ? '-' : fmt((median(values) * 1000) / events);
  };
  const rss = runs.map((r) => r.peakRss).filter((v): v is number => v !== undefined);
  const idle = runs.map((r) => r.idleRss).filter((v): v is number => v !== undefined);
  return [
    what.padEnd(50),
    fmt(events / median(runs.map((r) => r.seconds))).padStart(9),
    perEvent((m) => m.clientMs || undefined).padStart(8),
    perEvent((m) => m.serverMs).padStart(8),
    perEvent((m) => m.postgresMs).padStart(8),
    (rss.length === 0 ? '-' : mib(Math.max(...rss))).padStart(10),
    (idle.length === 0 ? '-' : mib(median(idle))).padStart(10),
  ].join(' ');
}

/**
 * The embedded database's goals. PGlite runs inside the server process, so its
 * server CPU is the whole cost of an event; on PostgreSQL the same work is
 * split between the server process and the backends serving this database
 * (their titles name it, /proc), so the fair comparison adds the two. The
 * server-only ratio is printed beside it for reference.
 */
function embeddedSummary(http: readonly Measured[], pglite: readonly Measured[], events: number) {
  const perEvent = (runs: readonly Measured[], pick: (m: Measured) => number) =>
    (median(runs.map(pick)) * 1000) / events;
  const pgliteCpu = perEvent(pglite, (m) => m.serverMs ?? Number.NaN);
  const postgresWhole = perEvent(http, (m) => (m.serverMs ?? Number.NaN) + (m.postgresMs ?? 0));
  const postgresServer = perEvent(http, (m) => m.serverMs ?? Number.NaN);
  const peak = Math.max(...pglite.map((m) => m.peakRss ?? Number.NaN));
  const idle = median(pglite.map((m) => m.idleRss ?? Number.NaN));
  const seededIdle = median(pglite.map((m) => m.seededIdleRss ?? Number.NaN));
  return [
    '',
    `embedded (PGlite) server RSS: idle ${mib(seededIdle)} after seeding, ${idleSeconds} s after its start on the demo sessions (target <= 300 MiB); peak ${mib(peak)} under ingest (target <= 400 MiB); idle ${mib(idle)} ${idleSeconds} s after the ingest (no target: WebAssembly and V8 keep what they grew)`,
    `embedded CPU per event: PGlite server ${fmt(pgliteCpu)} µs against PostgreSQL server + backends ${fmt(postgresWhole)} µs: ratio ${(pgliteCpu / postgresWhole).toFixed(2)} (target <= 2); against the PostgreSQL server process alone ${fmt(postgresServer)} µs: ${(pgliteCpu / postgresServer).toFixed(2)}`,
    '',
  ].join('\n');
}

const copyEscapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in COPY's text format: \N for NULL, JSON for json columns, backslash escapes. */
function copyValue(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return '\\N';
  const text = json
    ? JSON.stringify(value)
    : value instanceof Date
      ? value.toISOString()
      : String(value);
  return text.replace(/[\\\n\r\t]/g, (c) => copyEscapes[c] ?? c);
}

/**
 * The ceiling: the same rows written by `COPY ... FROM STDIN` in text format,
 * one stream per table (parents first) per client, into an empty migrated
 * database. The text is built before the clock starts, as the raw INSERTs'
 * statements are; triggers fire as for any insert.
 */
async function copyRun(
  url: string,
  rows: readonly Map<string, Row[]>[],
  tables: readonly string[],
): Promise<Measured> {
  const sql = postgres(url, { max: clients, onnotice: () => {} });
  try {
    await Promise.all(Array.from({ length: clients }, () => sql`select 1`));
    const streams = rows.map((client) =>
      tables.flatMap((table) => {
        const all = client.get(table) ?? [];
        const first = all[0];
        if (first === undefined) return [];
        const columns = Object.keys(first);
        const json = new Set(jsonColumns[table] ?? []);
        const chunks: string[] = [];
        for (let i = 0; i < all.length; i += batchSize) {
          chunks.push(
            all
              .slice(i, i + batchSize)
              .map((row) => `${columns.map((c) => copyValue(row[c], json.has(c))).join('\t')}\n`)
              .join(''),
          );
        }
        return [{ table, columns, chunks }];
      }),
    );
    const measured = await measure(
      async () => {
        await Promise.all(
          streams.map(async (list) => {
            for (const { table, columns, chunks } of list) {
              const writable =
                await sql`copy ${sql(table)} (${sql(columns)}) from stdin`.writable();
              await pipeline(Readable.from(chunks), writable);
            }
          }),
        );
      },
      { database: databaseName(url) },
    );
    // Every row arrived (COPY refuses a malformed line, but a lost chunk would go unseen).
    for (const table of tables) {
      const expected = rows.reduce((n, client) => n + (client.get(table)?.length ?? 0), 0);
      const [stored] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
      if (stored?.n !== expected)
        throw new Error(`COPY stored ${stored?.n} ${table} rows of ${expected}`);
    }
    return measured;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main(): Promise<void> {
  const load = workload(42, targetEvents);
  const warmup = workload(7, Math.min(3000, targetEvents / 10));
  process.stdout.write(
    `Hindsight ingest benchmark: ${fmt(load.events)} events (${fmt(load.sessions.length)} sessions), batches of ${batchSize}, ${clients} concurrent clients, ${rounds} round(s) interleaved, medians\n`,
  );
  const cleanup: ScratchDatabase[] = [];
  const http: Measured[] = [];
  const raw: Measured[] = [];
  const rawEntities: Measured[] = [];
  const copied: Measured[] = [];
  const inProcess: Measured[] = [];
  try {
    for (let round = 1; round <= rounds; round += 1) {
      const target = await createScratchDatabase(adminUrl, 'hindsight_bench');
      cleanup.push(target);
      http.push(await httpRun(target.url, warmup, load));
      const rows = await rowsOf(target.url, load);
      raw.push(
        await rawInsertRun((await migrated('hindsight_bench_raw', cleanup)).url, rows, [
          ...entityTables,
          'ingest_events',
        ]),
      );
      rawEntities.push(
        await rawInsertRun(
          (await migrated('hindsight_bench_raw', cleanup)).url,
          rows,
          entityTables,
        ),
      );
      copied.push(
        await copyRun((await migrated('hindsight_bench_copy', cleanup)).url, rows, [
          ...entityTables,
          'ingest_events',
        ]),
      );
      inProcess.push(
        await inProcessRun((await migrated('hindsight_bench_svc', cleanup)).url, load),
      );
      const rate = (m: Measured | undefined) => fmt(load.events / (m?.seconds ?? Number.NaN));
      process.stdout.write(
        `  round ${round}: HTTP ${rate(http.at(-1))} events/s, raw ${rate(raw.at(-1))}, raw entity rows ${rate(rawEntities.at(-1))}, COPY ${rate(copied.at(-1))}, in process ${rate(inProcess.at(-1))}\n`,
      );
      for (const database of cleanup.splice(0)) await database.drop();
    }

    const pglite: Measured[] = [];
    if (!flags['skip-pglite']) {
      const dir = await mkdtemp(join(tmpdir(), 'hindsight-bench-'));
      try {
        pglite.push(await httpRun(join(dir, 'data'), warmup, load, { seeded: true }));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    const header = [
      'what'.padEnd(50),
      'events/s'.padStart(9),
      'client'.padStart(8),
      'server'.padStart(8),
      'postgres'.padStart(8),
      'peak RSS'.padStart(10),
      'idle RSS'.padStart(10),
    ].join(' ');
    process.stdout.write(
      `\n${''.padEnd(60)}CPU microseconds per event   server     server\n${header}\n`,
    );
    const lines = [
      line('HTTP ingest, PostgreSQL', http, load.events),
      ...(pglite.length > 0
        ? [line('HTTP ingest, PGlite (server includes PGlite)', pglite, load.events)]
        : []),
      line('ingest service in process, PostgreSQL (no HTTP)', inProcess, load.events),
      line('raw multi-row INSERT, PostgreSQL (same rows)', raw, load.events),
      line('raw multi-row INSERT, PostgreSQL (entity rows only)', rawEntities, load.events),
      line('COPY, PostgreSQL (same rows): the ceiling', copied, load.events),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const rate = (runs: readonly Measured[]) => load.events / median(runs.map((r) => r.seconds));
    process.stdout.write(
      `\nratio HTTP / raw on PostgreSQL: ${(rate(http) / rate(raw)).toFixed(2)} against the same rows (ingest_events included), ${(rate(http) / rate(rawEntities)).toFixed(2)} against the entity rows alone (target >= 0.8); the COPY ceiling: raw INSERT ${(rate(raw) / rate(copied)).toFixed(2)}, HTTP ${(rate(http) / rate(copied)).toFixed(2)} of it\n`,
    );
    if (pglite.length > 0) process.stdout.write(embeddedSummary(http, pglite, load.events));
  } finally {
    agent.destroy();
    for (const database of cleanup) await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
