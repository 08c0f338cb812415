// The scale curve (`pnpm bench:scale`, part of `pnpm bench`; issue 18). Grows
// one scratch PostgreSQL database through 10,000, 100,000 and 1,000,000
// sessions (BENCH_SCALES to change them), seeded by the server-side bulk path
// of read-seed.ts, and at each size measures the p50 of the read API's list,
// deep cursor page, selective search, detail and summary, one request at a
// time against the real API in a process of its own. It prints the growth
// factor of each p50 over the smallest size, and the issue's ratios beside
// their targets. Only ratios within one run mean anything.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { systemPrincipal } from '@hindsight/models';
import { createDatabase, migrate } from '@hindsight/repository';
import { createHub } from '@hindsight/service';
import postgres from 'postgres';
import { bigSessionIdSql, seedReadBench } from './read-seed.js';

const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const scales = (process.env.BENCH_SCALES ?? '10000,100000,1000000').split(',').map(Number);
/** Sessions past this many get 1 LLM and 1 MCP call (not 7 and 3), so that 1M seeds in minutes. */
const fullSessions = 100_000;
const secondsPerCase = 4;
const deepPage = 1000;
const pageSize = 20;

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly n: number;
}

/** Sequential GETs for `secondsPerCase` after a warm-up: what one client waits, in ms. */
async function latencyOf(url: string): Promise<Latency> {
  const get = async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  for (let i = 0; i < 20; i++) await get();
  const times: number[] = [];
  const until = performance.now() + secondsPerCase * 1000;
  while (performance.now() < until || times.length < 20) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), n: times.length };
}

async function startServers(url: string): Promise<{ child: ChildProcess; api: string }> {
  const script = fileURLToPath(new URL('./read-servers.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@hindsight/source', '--import', 'tsx', script],
    { env: { ...process.env, BENCH_DB_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith('{"ready"'))
        resolve((JSON.parse(line) as { ready: Record<string, number> }).ready);
    });
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
  return { child, api: `http://127.0.0.1:${ports.api}/api/v1/history` };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

/** The tables a list request's statements read with a sequential scan. */
async function seqScansOf(url: string, sql: postgres.Sql, search: string): Promise<string[]> {
  const captured: Array<{ query: string; params: unknown[] }> = [];
  const database = await createDatabase(url, {
    maxConnections: 2,
    onQuery: (query, params) => captured.push({ query, params }),
  });
  try {
    const services = createHub({ db: database.db }).as({ principal: systemPrincipal('bench') });
    await services.sessions.list({ search });
    const scanned: string[] = [];
    for (const { query, params } of captured.filter((c) => /^\s*(select|with)\b/i.test(c.query))) {
      const [row] = await sql.unsafe(`explain (format json) ${query}`, params as never[]);
      const [explained] = (row?.['QUERY PLAN'] ?? []) as Array<{ Plan: PlanNode }>;
      for (const node of explained ? nodesOf(explained.Plan) : []) {
        if (node['Node Type'] === 'Seq Scan') scanned.push(node['Relation Name'] ?? '?');
      }
    }
    return scanned;
  } finally {
    await database.close();
  }
}

const caseLabels = ['list', 'list, rows counted', 'cursor', 'search', 'detail', 'summary'] as const;
type Case = (typeof caseLabels)[number];

async function main(): Promise<void> {
  const name = `hindsight_scale_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  await admin.unsafe(`create database "${name}"`);
  log(`scale bench: scratch database ${name}, sizes ${scales.join(', ')}`);
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  const results = new Map<number, Map<Case, Latency>>();
  let child: ChildProcess | undefined;
  try {
    const database = await createDatabase(dbUrl.toString());
    await migrate(database);
    await database.close();
    const [big] = await sql.unsafe<Array<{ id: string }>>(bigSessionIdSql);
    const bigId = big?.id ?? '';
    let seeded = 0;
    for (const size of scales) {
      const started = performance.now();
      // Up to fullSessions every session has 10 interactions; past it, 2.
      if (seeded < Math.min(size, fullSessions)) {
        await seedReadBench(sql, () => {}, { from: seeded + 1, to: Math.min(size, fullSessions) });
        seeded = Math.min(size, fullSessions);
      }
      if (seeded < size) {
        await seedReadBench(sql, () => {}, { from: seeded + 1, to: size, llm: 1, mcp: 1 });
        seeded = size;
      }
      const [counts] = await sql`select
        (select count(*) from alert_sessions)::int as sessions,
        ((select count(*) from llm_interactions) + (select count(*) from mcp_communications))::int as interactions`;
      log(
        `\n${counts?.sessions} sessions, ${counts?.interactions} interactions (seeded in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
      // The selective two-word query: one session's pod, and its alert type (in 1 session of 12).
      const [pod] = await sql<Array<{ pod: string; alert_type: string }>>`
        select alert_data->>'pod' as pod, alert_type from alert_sessions where alert_id = 'alert-4242'`;
      const search = `${pod?.pod} ${pod?.alert_type}`;
      const scans = await seqScansOf(dbUrl.toString(), sql, search);
      log(
        `  search "${search}": sequential scans in its plans: ${scans.length === 0 ? 'none' : scans.join(', ')}`,
      );

      const servers = await startServers(dbUrl.toString());
      child = servers.child;
      const { api } = servers;
      const depth = Math.min(deepPage, Math.floor(size / pageSize / 2));
      const deep = (await (await fetch(`${api}/sessions?page=${depth}`)).json()) as {
        next_cursor: string | null;
      };
      const urls: Record<Case, string> = {
        list: `${api}/sessions`,
        // A time range that holds every session: the list's total is counted row by row, as
        // every total was before the counters (the old cost, measured in the same run).
        'list, rows counted': `${api}/sessions?start_date_us=1767225600000000`,
        cursor: `${api}/sessions?cursor=${deep.next_cursor ?? ''}`,
        search: `${api}/sessions?search=${encodeURIComponent(search)}`,
        detail: `${api}/sessions/${bigId}`,
        summary: `${api}/sessions/${bigId}/summary`,
      };
      const measured = new Map<Case, Latency>();
      for (const label of caseLabels) {
        const latency = await latencyOf(urls[label]);
        measured.set(label, latency);
        log(
          `  ${(label === 'cursor' ? `cursor, page ${depth + 1}` : label).padEnd(22)} p50 ${latency.p50.toFixed(2).padStart(7)} ms  p99 ${latency.p99.toFixed(2).padStart(7)} ms  (${latency.n} requests)`,
        );
      }
      results.set(size, measured);
      child.kill('SIGTERM');
      await once(child, 'exit');
      child = undefined;
    }
    report(results);
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

function report(results: Map<number, Map<Case, Latency>>): void {
  const [first, ...rest] = scales;
  if (first === undefined) return;
  const p50 = (size: number, label: Case) => results.get(size)?.get(label)?.p50 ?? Number.NaN;
  log('\ngrowth of each p50 over its p50 at the smallest size');
  log(`${'case'.padEnd(22)} ${rest.map((s) => `${s / first}x data`.padStart(12)).join('')}`);
  for (const label of caseLabels) {
    log(
      `${label.padEnd(22)} ${rest.map((s) => `${(p50(s, label) / p50(first, label)).toFixed(2)}x`.padStart(12)).join('')}`,
    );
  }
  log('');
  if (results.has(100_000) && results.has(1_000_000)) {
    log(
      `list page 1, p50 at 1M / p50 at 100k: ${(p50(1_000_000, 'list') / p50(100_000, 'list')).toFixed(2)} (target <= 1.5; with rows counted, as before: ${(p50(1_000_000, 'list, rows counted') / p50(100_000, 'list, rows counted')).toFixed(2)})`,
    );
  }
  if (results.has(100_000)) {
    log(
      `selective 2-word search / list page 1, p50 at 100k: ${(p50(100_000, 'search') / p50(100_000, 'list')).toFixed(2)} (target <= 10)`,
    );
  }
}

await main();
