// Ingest throughput with pricing on and off (`pnpm bench:cost`, part of `pnpm
// bench`; never part of `pnpm test`). The same generated batches (real model
// names, so most calls are priced) go through the ingest service in process,
// from 4 concurrent clients, into fresh PostgreSQL databases:
// - on: every call priced at write time (PriceBook as the server builds it)
//   and the session totals kept by the triggers of migration 0012;
// - off: no pricing, and the triggers dropped: ingest as it was before cost.
// Rounds alternate between the two and medians are reported, with the ratio
// on/off (the target is 0.95 or more). Prints figures; never passes or fails.
import { parseArgs } from 'node:util';
import { systemPrincipal } from '@hindsight/models';
import { createDatabase } from '@hindsight/repository';
import { createHub, PriceBook } from '@hindsight/service';
import postgres from 'postgres';
import { type GeneratedSession, generateSessions, type SeedEvent } from '../src/seed/generate.js';
import { batchesOf } from '../src/seed/run-seed.js';
import { createScratchDatabase, type ScratchDatabase } from '../test/scratch-database.js';
import { runCli } from '../test/server-process.js';

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '4' },
    batch: { type: 'string', default: '100' },
  },
});
const targetEvents = Number(flags.events);
const rounds = Number(flags.rounds);
const clients = Number(flags.clients);
const batchSize = Number(flags.batch);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Per client, its batches (sessions never shared between clients). */
function workload(): { batches: SeedEvent[][][]; events: number; llmCalls: number } {
  const sessions: GeneratedSession[] = [];
  let events = 0;
  for (const session of generateSessions({ seed: 15, nowUs: Date.now() * 1000 })) {
    sessions.push(session);
    events += session.events.length;
    if (events >= targetEvents) break;
  }
  const llmCalls = sessions
    .flatMap((s) => s.events)
    .filter((e) => e.type === 'llm.interaction').length;
  const batches = Array.from({ length: clients }, (_, k) => [
    ...batchesOf(
      sessions.filter((_, i) => i % clients === k),
      batchSize,
    ),
  ]);
  return { batches, events, llmCalls };
}

async function migrated(cleanup: ScratchDatabase[], pricing: boolean): Promise<string> {
  const database = await createScratchDatabase(adminUrl, 'hindsight_bench_cost');
  cleanup.push(database);
  const run = await runCli(['migrate'], { DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
  if (run.code !== 0) throw new Error(`migrate failed: ${run.stdout}${run.stderr}`);
  if (!pricing) {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      for (const trigger of ['insert', 'update', 'delete']) {
        await sql.unsafe(`drop trigger llm_interactions_cost_${trigger} on llm_interactions`);
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  return database.url;
}

/** Seconds to ingest every batch, and how many calls were stored with a cost. */
async function run(
  url: string,
  batches: SeedEvent[][][],
  pricing: boolean,
): Promise<{ seconds: number; priced: number }> {
  const database = await createDatabase(url, { maxConnections: clients });
  try {
    const book = new PriceBook({ enabled: pricing, cacheMs: 5000 });
    const services = createHub({ db: database.db }, { pricing: book }).as({
      principal: systemPrincipal('bench'),
    });
    await Promise.all(Array.from({ length: clients }, () => services.system.readiness()));
    const started = performance.now();
    await Promise.all(
      batches.map(async (list) => {
        for (const batch of list) {
          const result = await services.ingest.batch({ batch });
          if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors[0]));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql`select count(cost_usd)::int as n from llm_interactions`;
      return { seconds, priced: Number(row?.n ?? 0) };
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await database.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const load = workload();
  console.log(
    `cost bench: ${load.events} events (${load.llmCalls} LLM calls), ${clients} clients, batches of ${batchSize}, ${rounds} rounds, PostgreSQL`,
  );
  const on: number[] = [];
  const off: number[] = [];
  let priced = 0;
  const cleanup: ScratchDatabase[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      // Alternate which goes first, so that neither always meets a warmer machine.
      const order = round % 2 === 0 ? [true, false] : [false, true];
      for (const pricing of order) {
        const result = await run(await migrated(cleanup, pricing), load.batches, pricing);
        (pricing ? on : off).push(result.seconds);
        if (pricing) priced = result.priced;
      }
    }
  } finally {
    for (const database of cleanup) await database.drop();
  }
  const rate = (seconds: number) => Math.round(load.events / seconds).toLocaleString('en-US');
  console.log(`pricing off (no triggers): ${rate(median(off))} events/s`);
  console.log(
    `pricing on:                ${rate(median(on))} events/s (${priced} of ${load.llmCalls} calls priced)`,
  );
  console.log(`ratio on/off: ${(median(off) / median(on)).toFixed(3)} (target >= 0.95)`);
}

await main();
