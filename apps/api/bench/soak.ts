// Soak: a mixed load (ingest, list, search, detail) against the built server
// on PostgreSQL for SOAK_SECONDS (600 by default). Prints throughput, p50 and
// p99 per route, answers by status, and the server's RSS at the start, along
// the way and at the end: a steady RSS and no 5xx is what a healthy run shows.
// A benchmark, not a test: it prints numbers and never fails on them.
//
//   SOAK_SECONDS=120 pnpm --filter @hindsight/server bench:soak
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { type GeneratedSession, generateSessions } from '../src/seed/generate.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const workers = Number(process.env.SOAK_WORKERS ?? 8);
const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

type Route = 'ingest' | 'list' | 'search' | 'detail';
/** Shares of the load: mostly writes and plain reads, some searches. */
const mix: ReadonlyArray<readonly [Route, number]> = [
  ['ingest', 40],
  ['list', 25],
  ['detail', 20],
  ['search', 15],
];
const searchTerms = ['memory', 'disk', 'timeout', 'payments', 'oom', 'latency'];

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  return port;
}

async function rssOf(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('hindsight_process_resident_memory_bytes'));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const name = `hindsight_soak_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  try {
    server = spawn(process.execPath, [cli, 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl.toString(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        HINDSIGHT_AUTH: 'off',
        HINDSIGHT_RATE_LIMIT_INGEST: '0',
        HINDSIGHT_RATE_LIMIT_READ: '0',
        HINDSIGHT_CURSOR_SECRET: 's'.repeat(32),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (;;) {
      const up = await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (server.exitCode !== null) throw new Error('the server exited at start');
      await new Promise((r) => setTimeout(r, 200));
    }

    const sessions: Generator<GeneratedSession> = generateSessions({
      seed: 7,
      nowUs: Date.now() * 1000,
    });
    const ingested: string[] = [];
    const latencies = new Map<Route, number[]>(mix.map(([route]) => [route, []]));
    const statuses = new Map<string, number>();
    const rssSamples: Array<[number, number]> = [];
    const totalWeight = mix.reduce((sum, [, w]) => sum + w, 0);
    let counter = 0;

    const pick = (): Route => {
      let r = Math.random() * totalWeight;
      for (const [route, weight] of mix) {
        r -= weight;
        if (r < 0) return route;
      }
      return 'list';
    };

    const request = (route: Route): Promise<Response> => {
      counter += 1;
      switch (route) {
        case 'ingest': {
          const next = sessions.next();
          if (next.done) throw new Error('the generator ran dry');
          const { sessionId, events } = next.value;
          return fetch(`${url}/api/v1/ingest`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ batch: events.slice(0, 1000) }),
          }).then((res) => {
            // Details are asked only of sessions whose ingest was answered.
            if (res.status === 207) ingested.push(sessionId);
            return res;
          });
        }
        case 'list':
          return fetch(`${url}/api/v1/history/sessions?page_size=20&page=${1 + (counter % 5)}`);
        case 'search':
          return fetch(
            `${url}/api/v1/history/sessions?search=${searchTerms[counter % searchTerms.length]}`,
          );
        case 'detail': {
          const id = ingested[Math.floor(Math.random() * ingested.length)] ?? 'none';
          return fetch(`${url}/api/v1/history/sessions/${encodeURIComponent(id)}`);
        }
      }
    };

    const started = performance.now();
    const deadline = started + seconds * 1000;
    rssSamples.push([0, await rssOf(url)]);
    const sampler = setInterval(() => {
      void rssOf(url).then((rss) =>
        rssSamples.push([Math.round((performance.now() - started) / 1000), rss]),
      );
    }, 30_000);

    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < deadline) {
          const route = ingested.length === 0 ? 'ingest' : pick();
          const t0 = performance.now();
          let status = 'network error';
          try {
            const res = await request(route);
            await res.arrayBuffer();
            status = String(res.status);
          } catch {}
          latencies.get(route)?.push(performance.now() - t0);
          const key = `${route} ${status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
        }
      }),
    );
    clearInterval(sampler);
    const elapsed = (performance.now() - started) / 1000;
    rssSamples.push([Math.round(elapsed), await rssOf(url)]);

    const total = [...latencies.values()].reduce((sum, l) => sum + l.length, 0);
    console.log(`\nSoak: ${elapsed.toFixed(0)} s, ${workers} clients, PostgreSQL`);
    console.log(`  throughput: ${(total / elapsed).toFixed(1)} requests/s (${total} requests)`);
    console.log('  route     requests   req/s    p50 ms    p99 ms');
    for (const [route, list] of latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(
        `  ${route.padEnd(8)} ${String(list.length).padStart(9)} ${(list.length / elapsed).toFixed(1).padStart(7)} ${percentile(sorted, 50).toFixed(1).padStart(9)} ${percentile(sorted, 99).toFixed(1).padStart(9)}`,
      );
    }
    console.log('  answers by route and status:');
    for (const [key, count] of [...statuses].sort()) console.log(`    ${key}: ${count}`);
    const [first, last] = [rssSamples[0], rssSamples.at(-1)];
    console.log(
      `  RSS: ${mb(first?.[1] ?? Number.NaN)} at start, ${mb(last?.[1] ?? Number.NaN)} at end (${((last?.[1] ?? 0) / (first?.[1] ?? 1)).toFixed(2)}x); samples: ${rssSamples.map(([s, rss]) => `${s}s ${mb(rss)}`).join(', ')}`,
    );
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

await main();
