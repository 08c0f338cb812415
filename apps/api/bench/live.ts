// The live benchmark (pnpm bench:live, part of pnpm bench; it starts the built
// server). Two instances on one PostgreSQL database: LIVE_SUBSCRIBERS WebSocket
// clients on `sessions` on the first, ingest on the second at a steady rate.
// Prints events/s delivered, ingest-to-delivery latency p50/p99, the first
// instance's RSS per 1,000 connections, and closed-loop ingest throughput on
// a third instance with live off against a fourth with live on, in the same
// run. It prints measurements and ratios, never pass or fail.
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { createScratchDatabase } from '../test/scratch-database.js';
import {
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from '../test/server-process.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const subscribers = Number(process.env.LIVE_SUBSCRIBERS ?? 1000);
const ratePerSecond = Number(process.env.LIVE_RATE ?? 5);
const steadySeconds = Number(process.env.LIVE_SECONDS ?? 10);
const throughputSeconds = Number(process.env.LIVE_THROUGHPUT_SECONDS ?? 10);
/** Clients that parse every frame for latency; the others only count frames. */
const sampled = Math.min(50, subscribers);
const key = 'live-bench-admin-key-0123456789abcdef0123456789';
const started = 1_767_225_600_000_000;

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** One session of ten events: started, a stage of six LLM calls, both ended. */
function sessionEvents(id: string) {
  const env = (n: number, type: string, body: Record<string, unknown>) => ({
    id: `${id}:${n}`,
    timestamp: '2026-01-01T00:00:00.000Z',
    type,
    body: { session_id: id, ...body },
  });
  const exec = `${id}:stage`;
  return [
    env(0, 'session.started', {
      alert_id: 'a',
      alert_type: 'bench',
      agent_type: 'bench',
      alert_data: {},
      chain_id: 'c',
      chain_definition: {},
      started_at_us: started,
    }),
    env(1, 'stage.started', {
      execution_id: exec,
      stage_id: 's',
      stage_index: 0,
      stage_name: 'Investigate',
      agent: 'A',
      started_at_us: started + 1,
    }),
    ...Array.from({ length: 6 }, (_, i) =>
      env(2 + i, 'llm.interaction', {
        interaction_id: `${id}:llm-${i}`,
        stage_execution_id: exec,
        timestamp_us: started + 2 + i,
        duration_ms: 10,
        model_name: 'm',
        messages: [{ role: 'user', content: 'x'.repeat(200) }],
        success: true,
      }),
    ),
    env(8, 'stage.completed', { execution_id: exec, completed_at_us: started + 100 }),
    env(9, 'session.completed', { completed_at_us: started + 200, final_analysis: 'ok' }),
  ];
}

async function post(server: ServerProcess, batch: unknown[]): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ batch }),
  });
  if (response.status !== 207)
    throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

/**
 * The watched instance's own account of the steady phase: from ingest receiving an event to
 * the feed handing it to every subscriber, mean and the histogram bucket holding p99. The
 * rest of the clients' latency is the sockets and this process's event loop.
 */
async function fanoutLag(server: ServerProcess): Promise<{ meanMs: number; p99UpToMs: number }> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = (suffix: string) =>
    Number(new RegExp(`^hindsight_live_fanout_lag_seconds_${suffix} (\\S+)$`, 'm').exec(text)?.[1]);
  const count = value('count');
  const buckets = [
    ...text.matchAll(/^hindsight_live_fanout_lag_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm),
  ];
  const p99 = buckets.find(([, , n]) => Number(n) >= 0.99 * count)?.[1] ?? 'NaN';
  return { meanMs: (value('sum') / count) * 1000, p99UpToMs: Number(p99) * 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Events a second a closed loop of 4 clients sending batches of 100 events gets in `seconds`. */
async function throughput(server: ServerProcess, prefix: string, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let events = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < until) {
        const batch = Array.from({ length: 10 }, () => sessionEvents(`${prefix}-${n++}`)).flat();
        await post(server, batch);
        events += batch.length;
      }
    }),
  );
  return events / seconds;
}

const database = await createScratchDatabase(adminUrl, 'hindsight_bench_live');
const servers: ServerProcess[] = [];
try {
  const env = {
    DATABASE_URL: database.url,
    HINDSIGHT_BOOTSTRAP_KEY: key,
    HINDSIGHT_WEB_DIR: 'off',
    HINDSIGHT_RATE_LIMIT_INGEST: '0',
    HINDSIGHT_RATE_LIMIT_READ: '0',
    HINDSIGHT_LIVE_MAX_CONNECTIONS: String(subscribers + 10),
    LOG_LEVEL: 'warn',
    // The usage rollup rebuilds its dirty hours every 10 s on every instance, at a cost that
    // grows with the rows of the hour (all of this bench's are in one): it would land on
    // whichever phase runs later, and that is not what this bench measures.
    HINDSIGHT_USAGE_REFRESH_MS: '3600000',
  };
  const watched = await startServerProcess(env);
  const ingesting = await startServerProcess(env);
  const withoutLive = await startServerProcess({ ...env, HINDSIGHT_LIVE: 'off' });
  // The live-on side of the throughput comparison: an instance with the same history as the
  // live-off one (none), so that the two differ in HINDSIGHT_LIVE only. The instance that took
  // the steady and watched phases ingested 10-20% slower afterwards than a new one (not traced).
  const withLive = await startServerProcess(env);
  servers.push(watched, ingesting, withoutLive, withLive);

  const rssBefore = rssMiB(watched.child.pid);
  let delivered = 0;
  const latenciesMs: number[] = [];
  const sockets: WebSocket[] = [];
  for (let i = 0; i < subscribers; i += 1) {
    const socket = new WebSocket(`${watched.url.replace(/^http/, 'ws')}/api/v1/ws`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const parse = i < sampled;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('message', (data) => {
        const text = String(data);
        if (text.includes('"subscription.confirmed"')) resolve();
        else if (text.includes('"connection.established"'))
          socket.send(JSON.stringify({ action: 'subscribe', channel: 'sessions' }));
        else if (text.includes('"id"')) {
          delivered += 1;
          if (parse) {
            const frame = JSON.parse(text) as { timestamp_us: number };
            latenciesMs.push((nowUs() - frame.timestamp_us) / 1000);
          }
        }
      });
    });
    sockets.push(socket);
  }
  const rssAfter = rssMiB(watched.child.pid);

  // Steady ingest on the other instance: one session (10 events, 3 on `sessions`) per tick.
  const startedAt = performance.now();
  let ticks = 0;
  while (performance.now() - startedAt < steadySeconds * 1000) {
    await post(ingesting, sessionEvents(`steady-${ticks}`));
    ticks += 1;
    const next = startedAt + (ticks * 1000) / ratePerSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const expected = ticks * 3 * subscribers;
  const drainUntil = performance.now() + 10_000;
  while (delivered < expected && performance.now() < drainUntil) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const elapsed = (performance.now() - startedAt) / 1000;
  const deliveredSteady = delivered;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const serverLag = await fanoutLag(watched);

  // Throughput: live on with every subscriber watching (the fan-out shares this machine's
  // cores with ingest), then, without subscribers, live off and live on.
  const watchedOn = await throughput(ingesting, 'watched', throughputSeconds);
  for (const socket of sockets) socket.terminate();
  // Twice in the order off, on, on, off, half a phase each: every phase writes to one
  // database, whose ingest rate drifts as it grows, and this order gives both sides the
  // same mean position in it (and evens out a drift that is not a straight line).
  const phases = { off: [] as number[], on: [] as number[] };
  for (const side of ['off', 'on', 'on', 'off', 'off', 'on', 'on', 'off'] as const) {
    const server = side === 'off' ? withoutLive : withLive;
    const prefix = `${side}${phases[side].length}`;
    phases[side].push(await throughput(server, prefix, throughputSeconds / 2));
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const off = mean(phases.off);
  const on = mean(phases.on);
  const line = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);
  console.log(`\nlive benchmark: ${subscribers} subscribers on sessions, 2 instances, PostgreSQL`);
  line('frames delivered / expected', `${deliveredSteady} / ${expected}`);
  line('events/s delivered (all subscribers)', (deliveredSteady / elapsed).toFixed(0));
  line('ingest-to-delivery latency p50 (ms)', percentile(sorted, 50).toFixed(1));
  line('ingest-to-delivery latency p99 (ms)', percentile(sorted, 99).toFixed(1));
  line('  of which server-side, ingest to fan-out done, mean (ms)', serverLag.meanMs.toFixed(1));
  line(
    '  of which server-side, p99 at most (ms, histogram bucket)',
    serverLag.p99UpToMs.toFixed(0),
  );
  line(
    'server RSS per 1,000 connections (MiB)',
    (((rssAfter - rssBefore) * 1000) / subscribers).toFixed(1),
  );
  line(
    'ingest events/s, live off (each phase)',
    `${off.toFixed(0)} (${phases.off.map((v) => v.toFixed(0)).join(', ')})`,
  );
  line(
    'ingest events/s, live on (each phase)',
    `${on.toFixed(0)} (${phases.on.map((v) => v.toFixed(0)).join(', ')})`,
  );
  line('ratio live on / live off (target >= 0.85)', (on / off).toFixed(2));
  line('ingest events/s, live on, 1,000 subscribers watching', watchedOn.toFixed(0));
  line('ratio of that to live off', (watchedOn / off).toFixed(2));
  line('p99 against the 100 ms target', `${(percentile(sorted, 99) / 100).toFixed(2)}x`);
} finally {
  await Promise.all(servers.map((s) => stopServerProcess(s)));
  await database.drop();
}
