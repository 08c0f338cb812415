// The data lifecycle benchmark (`pnpm bench:lifecycle`, never part of `pnpm test`).
// Seeds 100,000 sessions and 1,000,000 interactions into a scratch PostgreSQL
// database (the read bench's data set), then:
//   (1) exports all 100,000 sessions in full through `export.details` pages,
//       sampling the heap after every page: prints the peak over the whole
//       export over the peak over its first tenth (flat memory: near 1);
//   (2) runs retention over everything in batches while ingest and list reads
//       go on side by side; any failed ingest or read throws. Prints read
//       latency during retention over read latency before it (a ratio).
// Only ratios within one run mean anything; nothing here passes or fails on time.
import { randomBytes } from 'node:crypto';
import { systemPrincipal } from '@hindsight/models';
import { createDatabase, migrate } from '@hindsight/repository';
import { createHub } from '@hindsight/service';
import { testRun } from '@hindsight/service/testing';
import postgres from 'postgres';
import { benchSessions, seedReadBench } from './read-seed.js';

const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => process.stdout.write(`${line}\n`);
const dayUs = 86_400_000_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const name = `hindsight_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  await admin.unsafe(`create database "${name}"`);
  log(`lifecycle bench: scratch database ${name}`);
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  const database = await createDatabase(dbUrl.toString());
  try {
    await migrate(database);
    log(`seeding ${benchSessions} sessions and 1,000,000 interactions (bulk, server side)`);
    await seedReadBench(sql, log);
    const system = createHub({ db: database.db }).as({ principal: systemPrincipal('bench') });

    // (1) Export: page after page, memory sampled after each.
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    /** The peak over the first tenth of the export: flat memory means the whole run's peak is no higher. */
    let peakAtTenth = 0;
    let exported = 0;
    let bytes = 0;
    let after: string | undefined;
    const exportStarted = performance.now();
    for (;;) {
      const page = await system.export.details({
        filters: {},
        limit: 100,
        ...(after === undefined ? {} : { after }),
      });
      for (const session of page.sessions) bytes += JSON.stringify(session).length + 1;
      exported += page.sessions.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (exported <= benchSessions / 10) peakAtTenth = peak;
      if (page.next_after === null) break;
      after = page.next_after;
    }
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    log(
      `export: ${exported} sessions, ${(bytes / 1e6).toFixed(0)} MB of JSON Lines in ${exportSeconds.toFixed(1)} s (${Math.round(exported / exportSeconds)} sessions/s)`,
    );
    log(
      `export: peak heap over all ${exported} / peak over the first ${benchSessions / 10} = ${(peak / peakAtTenth).toFixed(2)} (baseline ${(baseline / 1e6).toFixed(0)} MB, peak at a tenth ${(peakAtTenth / 1e6).toFixed(0)} MB, peak ${(peak / 1e6).toFixed(0)} MB)`,
    );

    // (2) Retention over everything while ingest and reads continue.
    const readOnce = async () => {
      const started = performance.now();
      await system.sessions.list({ page_size: 20 });
      return performance.now() - started;
    };
    const before: number[] = [];
    for (let i = 0; i < 30; i += 1) before.push(await readOnce());
    const during: number[] = [];
    let ingested = 0;
    let done = false;
    const reader = (async () => {
      while (!done) during.push(await readOnce());
    })();
    const ingester = (async () => {
      for (let n = 0; !done; n += 1) {
        // Another agent type, kept longer by the policy: these must survive the run.
        const batch = testRun(`live-${n}`).map((event) =>
          event.type === 'session.started'
            ? { ...event, body: { ...event.body, agent_type: 'bench-live' } }
            : event,
        );
        const result = await system.ingest.batch({ batch });
        if (result.errors.length > 0) {
          throw new Error(`ingest failed during retention: ${JSON.stringify(result.errors[0])}`);
        }
        ingested += 1;
      }
    })();
    const nowUs = Date.now() * 1000 + 400 * dayUs;
    const result = await system.retention
      .run({
        now_us: nowUs,
        policy: { default_days: 365, by_agent_type: { 'bench-live': 3650 } },
        batch_size: 500,
      })
      .finally(() => {
        done = true;
      });
    await Promise.all([reader, ingester]);
    const interactions = result.deleted.llm_interactions + result.deleted.mcp_communications;
    log(
      `retention: ${result.deleted.sessions} sessions, ${interactions} interactions in ${result.batches} batches, ${(result.duration_ms / 1000).toFixed(1)} s; meanwhile ${ingested} sessions ingested and ${during.length} list reads, none failed`,
    );
    log(
      `retention: list read p50 during / before = ${(median(during) / median(before)).toFixed(2)} (before ${median(before).toFixed(1)} ms)`,
    );
    const [left] =
      await sql`select count(*)::int as n, count(*) filter (where agent_type = 'bench-live')::int as live from alert_sessions`;
    log(
      `left: ${left?.n} sessions, ${left?.live} of them ingested during the run (kept by their agent type)`,
    );
    if (left?.n !== ingested || result.deleted.sessions !== benchSessions) {
      throw new Error('retention deleted the wrong sessions');
    }
  } finally {
    await database.close();
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
    log(`dropped ${name}`);
  }
}

await main();
