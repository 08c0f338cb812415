// OTLP ingest against native ingest (`pnpm bench:otel`, never part of `pnpm test`):
// the same agent runs (a session, two stages, three LLM calls, one MCP call)
// sent as OTLP/HTTP protobuf exports and as native ingest batches, through the
// real API app (route kit, decoding, service) on a scratch PostgreSQL database
// each, from 4 concurrent clients, 10 runs per request. The OTLP time includes
// the sweep that closes the sessions, since native ingest closes them in the
// batch: the server's own sweep timer runs beside the exports, every second as
// `hindsight start` runs it, and the round ends when a last sweep has closed
// every session. Prints spans/s, events/s and their ratio (target: at least
// 0.7x), runs/s for both, and OTLP with the sweep run only after the exports
// (as this bench measured before); never passes or fails on them. Rounds are
// interleaved and medians reported.
import { parseArgs } from 'node:util';
import { createApi, encodeTraceRequest } from '@hindsight/api';

import { systemPrincipal } from '@hindsight/models';
import { createDatabase, migrate } from '@hindsight/repository';
import { createHub, defaultOtelOptions } from '@hindsight/service';
import {
  envelope,
  genAiRun,
  otlpRequest,
  type TestEnvelope,
  testBodies,
  testT0,
} from '@hindsight/service/testing';
import { sql } from 'drizzle-orm';
import type { Logger } from '../src/logger.js';
import { startOtelSweep } from '../src/otel-sweep.js';
import { createScratchDatabase } from '../test/scratch-database.js';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '4' },
    'runs-per-request': { type: 'string', default: '10' },
    'sweep-interval-ms': { type: 'string', default: '1000' },
    // For profiling one path alone: `otlp` or `native` (no ratio is printed then).
    only: { type: 'string' },
  },
});
const runs = Number(flags.runs);
const rounds = Number(flags.rounds);
const clients = Number(flags.clients);
const runsPerRequest = Number(flags['runs-per-request']);
const sweepIntervalMs = Number(flags['sweep-interval-ms']);
const only = flags.only;
if (only !== undefined && only !== 'otlp' && only !== 'native') {
  throw new Error(`--only takes otlp or native, not ${only}`);
}
const runsOtlp = only !== 'native';
const runsNative = only !== 'otlp';
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => process.stdout.write(`${line}\n`);
const logger = { info: () => {}, warn: () => {}, error: () => {} };

/** The native events of the run genAiRun spans describe: the same rows once stored. */
function nativeRun(sessionId: string): TestEnvelope[] {
  let n = 0;
  const id = () => `${sessionId}:evt-${n++}`;
  const events = [envelope('session.started', testBodies.sessionStarted(sessionId), id())];
  const stages = [
    { llm: 1, mcp: 1 },
    { llm: 2, mcp: 0 },
  ];
  stages.forEach((stage, s) => {
    const exec = `${sessionId}:exec-${s}`;
    events.push(envelope('stage.started', testBodies.stageStarted(sessionId, exec, s), id()));
    for (let i = 0; i < stage.llm; i += 1) {
      events.push(
        envelope('llm.interaction', testBodies.llm(sessionId, `${exec}:llm-${i}`, exec), id()),
      );
    }
    for (let i = 0; i < stage.mcp; i += 1) {
      events.push(
        envelope('mcp.communication', testBodies.mcp(sessionId, `${exec}:mcp-${i}`, exec), id()),
      );
    }
    events.push(
      envelope(
        'stage.completed',
        testBodies.stageCompleted(sessionId, exec, testT0 + 1_000_000 * (s + 1) + 2_500_000),
        id(),
      ),
    );
  });
  events.push(envelope('session.completed', testBodies.sessionCompleted(sessionId), id()));
  return events;
}

const traceIdOf = (round: number, run: number) =>
  `${round.toString(16).padStart(8, '0')}${run.toString(16).padStart(24, '0')}`;

interface Load {
  /** Per client, its request bodies in order. */
  readonly bodies: readonly Uint8Array<ArrayBuffer>[][];
  readonly units: number;
}

function otlpLoad(round: number): Load {
  const requests: Uint8Array<ArrayBuffer>[] = [];
  let spans = 0;
  for (let start = 0; start < runs; start += runsPerRequest) {
    const batch = [];
    for (let r = start; r < Math.min(runs, start + runsPerRequest); r += 1) {
      batch.push(...genAiRun(traceIdOf(round, r)));
    }
    spans += batch.length;
    requests.push(encodeTraceRequest(otlpRequest(batch)));
  }
  return { bodies: split(requests), units: spans };
}

function nativeLoad(round: number): Load {
  const requests: Uint8Array<ArrayBuffer>[] = [];
  let events = 0;
  for (let start = 0; start < runs; start += runsPerRequest) {
    const batch = [];
    for (let r = start; r < Math.min(runs, start + runsPerRequest); r += 1) {
      batch.push(...nativeRun(`bench-${round}-${r}`));
    }
    events += batch.length;
    requests.push(new TextEncoder().encode(JSON.stringify({ batch })));
  }
  return { bodies: split(requests), units: events };
}

function split<T>(requests: readonly T[]): T[][] {
  return Array.from({ length: clients }, (_, k) => requests.filter((_, i) => i % clients === k));
}

async function setup() {
  const scratch = await createScratchDatabase(adminUrl, 'hindsight_bench_otel');
  const database = await createDatabase(scratch.url);
  await migrate(database);
  // Settled at once: the sweep closes every session whose root arrived.
  const hub = createHub(
    { db: database.db },
    { otel: { ...defaultOtelOptions, settleMs: 0 }, publishLive: false },
  );
  const app = createApi({
    hub,
    logger,
    auth: { enabled: false },
    rateLimit: { perMinute: { ingest: 0, read: 0 } },
  });
  const system = hub.as({ principal: systemPrincipal('bench') });
  return {
    app,
    system,
    /**
     * Gives the planner the statistics autovacuum keeps on a production
     * database. A scratch database a minute old has had none yet: the generic
     * plans of the prepared lookups, made on near-empty tables, scan whole
     * tables until the first ANALYZE replaces them (millions of rows read a
     * round), which says more about the age of the database than about ingest.
     */
    analyze: () => database.db.execute(sql`analyze`),
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function drive(
  { app }: Setup,
  load: Load,
  path: string,
  contentType: string,
  expected: number,
): Promise<void> {
  await Promise.all(
    load.bodies.map(async (bodies) => {
      for (const body of bodies) {
        const res = await app.request(path, {
          method: 'POST',
          body,
          headers: { 'content-type': contentType },
        });
        if (res.status !== expected)
          throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/**
 * Spans/s with the sweep that closes the sessions, and of the exports alone.
 * `sweepAlongside`: the server's sweep timer runs during the exports (else
 * the sweep runs only once they are done).
 */
async function otlpRound(
  target: Setup,
  round: number,
  sweepAlongside: boolean,
): Promise<{ spansPerSecond: number; exportsPerSecond: number }> {
  const load = otlpLoad(round);
  let exportSeconds = 0;
  const seconds = await timed(async () => {
    const stopSweep = sweepAlongside
      ? startOtelSweep(target.system, sweepIntervalMs, logger as unknown as Logger)
      : () => {};
    try {
      exportSeconds = await timed(() =>
        drive(target, load, '/api/v1/otel/v1/traces', 'application/x-protobuf', 200),
      );
    } finally {
      stopSweep();
    }
    // The last sessions. A timer pass still under way may send the same end
    // events: they are idempotent, and the session is closed once.
    for (;;) {
      const swept = await target.system.ingest.closeOtelSessions({});
      if (swept.sessions_closed === 0 && swept.traces_applied === 0) break;
    }
  });
  const open = await target.system.sessions.list({ status: ['in_progress'], page_size: 1 });
  if (open.pagination.total_items !== 0) throw new Error('the sweep left sessions open');
  return { spansPerSecond: load.units / seconds, exportsPerSecond: load.units / exportSeconds };
}

async function nativeRound(target: Setup, round: number): Promise<number> {
  const load = nativeLoad(round);
  const seconds = await timed(() => drive(target, load, '/api/v1/ingest', 'application/json', 207));
  return load.units / seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const otlp = await setup();
  // A database of its own, so that each OTLP variant stores as many runs as native ingest does.
  const otlpSweepAfter = await setup();
  const native = await setup();
  try {
    const spansPerRun = genAiRun(traceIdOf(0, 0)).length;
    const eventsPerRun = nativeRun('x').length;
    log(
      `otel bench: ${runs} runs a round (${spansPerRun} spans or ${eventsPerRun} events each), ${runsPerRequest} runs a request, ${clients} clients, PostgreSQL`,
    );
    // Warm-up rounds (JIT, plans, connections), not counted.
    if (runsOtlp) {
      await otlpRound(otlp, 1000, true);
      await otlpRound(otlpSweepAfter, 1000, false);
    }
    if (runsNative) await nativeRound(native, 1000);
    await Promise.all([otlp.analyze(), otlpSweepAfter.analyze(), native.analyze()]);
    const spansPerSecond: number[] = [];
    const sweepAfterSpansPerSecond: number[] = [];
    const exportSpansPerSecond: number[] = [];
    const eventsPerSecond: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      if (runsOtlp) {
        const measured = await otlpRound(otlp, round, true);
        spansPerSecond.push(measured.spansPerSecond);
        exportSpansPerSecond.push(measured.exportsPerSecond);
        sweepAfterSpansPerSecond.push(
          (await otlpRound(otlpSweepAfter, round, false)).spansPerSecond,
        );
      }
      if (runsNative) eventsPerSecond.push(await nativeRound(native, round));
      log(
        `round ${round + 1}: otlp ${Math.round(spansPerSecond.at(-1) ?? 0)} spans/s (sweep after the exports: ${Math.round(sweepAfterSpansPerSecond.at(-1) ?? 0)}), native ${Math.round(eventsPerSecond.at(-1) ?? 0)} events/s`,
      );
    }
    const spans = median(spansPerSecond);
    const events = median(eventsPerSecond);
    log(
      `otlp:   ${Math.round(spans)} spans/s (${Math.round(spans / spansPerRun)} runs/s), the server's sweep every ${sweepIntervalMs} ms beside the exports`,
    );
    log(
      `otlp with the sweep run only after the exports: ${Math.round(median(sweepAfterSpansPerSecond))} spans/s`,
    );
    log(
      `otlp exports alone, without the sweep that ends the sessions: ${Math.round(median(exportSpansPerSecond))} spans/s`,
    );
    log(`native: ${Math.round(events)} events/s (${Math.round(events / eventsPerRun)} runs/s)`);
    if (only !== undefined) return;
    log(`otlp spans/s over native events/s: ${(spans / events).toFixed(2)}x (target 0.7x)`);
    log(
      `otlp runs/s over native runs/s: ${(spans / spansPerRun / (events / eventsPerRun)).toFixed(2)}x`,
    );
  } finally {
    await otlp.close();
    await otlpSweepAfter.close();
    await native.close();
  }
}

await main();
