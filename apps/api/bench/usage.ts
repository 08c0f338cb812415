// The usage summary benchmark (`pnpm bench:usage`, never part of `pnpm test`).
// Bulk-loads 100,000 sessions and 1,000,000 LLM calls over 30 days into a
// scratch PostgreSQL database, then:
//   (1) rebuilds the whole hourly rollup and prints how long that took;
//   (2) times the 30-day daily summary (ungrouped and by model) from the
//       rollup, beside the same summary with every hour stale, which the
//       service then computes from the calls themselves: the baseline;
//   (3) times ingest through the service with the rollup's triggers on and
//       off (12 rounds of about 1,600 events, ABBA, after 2 warm-up rounds): the
//       ratio is what keeping the rollup costs.
// The target for (2) is under 200 ms; only ratios are comparable across machines.
import { randomBytes } from 'node:crypto';
import { systemPrincipal } from '@hindsight/models';
import { createDatabase, migrate } from '@hindsight/repository';
import { createHub } from '@hindsight/service';
import { testRun } from '@hindsight/service/testing';
import postgres from 'postgres';
import { usageTriggers } from './read-seed.js';

const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => process.stdout.write(`${line}\n`);
const dayUs = 86_400_000_000;
const sessions = 100_000;
const callsPerSession = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function setTriggers(sql: postgres.Sql, enabled: boolean) {
  for (const trigger of usageTriggers) {
    await sql.unsafe(
      `alter table llm_interactions ${enabled ? 'enable' : 'disable'} trigger ${trigger}`,
    );
  }
}

async function seed(sql: postgres.Sql, endUs: number) {
  const startUs = endUs - 30 * dayUs;
  const step = Math.floor((30 * dayUs) / sessions);
  await sql.unsafe(`insert into alert_sessions (session_id, alert_id, alert_type, agent_type, status,
      started_at_us, completed_at_us, alert_data, chain_id, chain_definition, current_stage_index)
    select 'u' || g, 'alert-' || g,
      case when g % 11 = 0 then null else (array['PodCrashLooping','HighErrorRate','DiskFull','OOMKilled'])[1 + g % 4] end,
      (array['kubernetes','observability','database','network','security'])[1 + g % 5],
      'completed', ${startUs} + g::bigint * ${step}, ${startUs} + g::bigint * ${step} + 60000000,
      '{}'::jsonb, 'chain-' || (g % 3), '{}'::jsonb, 0
    from generate_series(0, ${sessions - 1}) g`);
  // Triggers off for the bulk load: it marks every hour stale at the end instead.
  await setTriggers(sql, false);
  await sql.unsafe(`insert into llm_interactions (session_id, interaction_id, timestamp_us, duration_ms,
      model_name, provider, messages, input_tokens, output_tokens, cache_read_tokens, reasoning_tokens, success)
    select s.session_id, s.session_id || '-' || i, s.started_at_us + i * 4000000,
      200 + (hashint4(i + length(s.session_id)) & 8191),
      (array['gpt-4o','gpt-4o-mini','claude-sonnet-4','claude-haiku-4','gemini-2.5-pro'])[1 + (i + length(s.session_id)) % 5],
      (array['openai','openai','anthropic','anthropic','google'])[1 + (i + length(s.session_id)) % 5],
      '[]'::jsonb, 1000 + i * 37, 100 + i * 11, case when i % 3 = 0 then 400 end,
      case when i % 4 = 0 then 50 end, i % 23 <> 0
    from alert_sessions s cross join generate_series(1, ${callsPerSession}) i`);
  await setTriggers(sql, true);
  await sql.unsafe(`insert into usage_dirty_hours (hour_us)
    select distinct timestamp_us - timestamp_us % 3600000000 from llm_interactions`);
  await sql.unsafe('vacuum analyze');
}

async function main(): Promise<void> {
  const name = `hindsight_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  await admin.unsafe(`create database "${name}"`);
  log(`usage bench: scratch database ${name}`);
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  const database = await createDatabase(dbUrl.toString());
  try {
    await migrate(database);
    const endUs = Date.now() * 1000;
    const seedMs = await timed(() => seed(sql, endUs));
    const [{ calls } = { calls: 0 }] = await sql<
      { calls: number }[]
    >`select count(*)::int as calls from llm_interactions`;
    log(
      `seeded ${sessions} sessions and ${calls} LLM calls over 30 days in ${(seedMs / 1000).toFixed(1)} s`,
    );
    const system = createHub({ db: database.db }).as({ principal: systemPrincipal('bench') });

    // (2, baseline first) Every hour stale: the summary computes them from the calls.
    const query = { start_date_us: endUs - 30 * dayUs, end_date_us: endUs, bucket: 'day' as const };
    const raw: number[] = [];
    for (let i = 0; i < 3; i++) raw.push(await timed(() => system.usage.summary(query)));

    // (1) The whole rollup, rebuilt.
    let rebuilt = 0;
    const rebuildMs = await timed(async () => {
      for (;;) {
        const step = await system.usage.refresh({ max_hours: 48 });
        rebuilt += step.rebuilt_hours;
        if (step.stale_hours === 0) break;
      }
    });
    const [{ rows } = { rows: 0 }] = await sql<
      { rows: number }[]
    >`select count(*)::int as rows from usage_hourly`;
    log(
      `rollup: ${rebuilt} hours rebuilt into ${rows} rows in ${(rebuildMs / 1000).toFixed(1)} s (${(rebuildMs / rebuilt).toFixed(0)} ms an hour)`,
    );

    // (2) From the rollup.
    const fromRollup: number[] = [];
    const byModel: number[] = [];
    for (let i = 0; i < 15; i++) {
      fromRollup.push(await timed(() => system.usage.summary(query)));
      byModel.push(await timed(() => system.usage.summary({ ...query, group_by: 'model' })));
    }
    const summary = await system.usage.summary({ ...query, group_by: 'model' });
    const summed = summary.totals.reduce((n, t) => n + t.llm_calls, 0);
    if (summed !== calls) throw new Error(`the summary counts ${summed} calls of ${calls}`);
    log(
      `30-day daily summary at ${calls} LLM calls: p50 ${median(fromRollup).toFixed(1)} ms ungrouped, ${median(byModel).toFixed(1)} ms by model (target < 200 ms)`,
    );
    log(
      `  computed from the calls (every hour stale): p50 ${median(raw).toFixed(0)} ms; rollup / raw = ${(median(fromRollup) / median(raw)).toFixed(3)}`,
    );

    // (3) Ingest with the rollup's triggers on and off: two warm-up rounds,
    // then ABBA order (on, off, off, on, ...) so that drift hits both alike.
    const on: number[] = [];
    const off: number[] = [];
    const order = [true, false, ...Array.from({ length: 12 }, (_, k) => [0, 3].includes(k % 4))];
    for (const [round, enabled] of order.entries()) {
      await setTriggers(sql, enabled);
      const batch = Array.from({ length: 100 }, (_, k) =>
        testRun(`ingest-${round}-${k}`, { stages: 2, llmPerStage: 4 }),
      ).flat();
      const ms = await timed(async () => {
        for (let i = 0; i < batch.length; i += 100) {
          await system.ingest.batch({ batch: batch.slice(i, i + 100) });
        }
      });
      if (round >= 2) (enabled ? on : off).push(batch.length / (ms / 1000));
    }
    await setTriggers(sql, true);
    log(
      `ingest with the rollup's triggers: ${median(on).toFixed(0)} events/s on, ${median(off).toFixed(0)} off; on / off = ${(median(on) / median(off)).toFixed(2)}`,
    );
  } finally {
    await database.close();
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
    log(`dropped ${name}`);
  }
}

await main();
