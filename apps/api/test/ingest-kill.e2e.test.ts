import { once } from 'node:events';
import { IngestResult } from '@hindsight/models';
import postgres from 'postgres';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedSession, generateSessions, type SeedEvent } from '../src/seed/generate.js';
import { batchesOf } from '../src/seed/run-seed.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

const adminUrl = process.env.TEST_DATABASE_URL;

function post(url: string, batch: readonly SeedEvent[]): Promise<Response> {
  return fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ batch }),
  });
}

async function resultOf(res: Response): Promise<IngestResult> {
  if (res.status !== 207) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  return v.parse(IngestResult, await res.json());
}

async function send(url: string, batch: readonly SeedEvent[]): Promise<IngestResult> {
  return resultOf(await post(url, batch));
}

function expectedCounts(sessions: readonly GeneratedSession[]) {
  const events = sessions.flatMap((s) => s.events);
  const count = (type: string) => events.filter((e) => e.type === type).length;
  return {
    events: events.length,
    sessions: count('session.started'),
    stages: count('stage.started'),
    llm: count('llm.interaction'),
    mcp: count('mcp.communication'),
    completed: count('session.completed'),
  };
}

describe.skipIf(!adminUrl)(
  'ingest killed with SIGKILL on PostgreSQL (skipped when TEST_DATABASE_URL is unset)',
  () => {
    let database: ScratchDatabase;
    let server: ServerProcess | undefined;
    let sql: postgres.Sql;

    beforeAll(async () => {
      database = await createScratchDatabase(adminUrl ?? '');
      sql = postgres(database.url, { max: 1, onnotice: () => {} });
    });

    afterAll(async () => {
      if (server?.child.exitCode === null) {
        server.child.kill('SIGKILL');
        await once(server.child, 'exit');
      }
      await sql?.end({ timeout: 5 });
      await database?.drop();
    });

    async function storedCounts() {
      const [row] = await sql<
        Array<{
          events: number;
          sessions: number;
          stages: number;
          llm: number;
          mcp: number;
          completed: number;
        }>
      >`select
          (select count(*) from ingest_events)::int as events,
          (select count(*) from alert_sessions)::int as sessions,
          (select count(*) from stage_executions)::int as stages,
          (select count(*) from llm_interactions)::int as llm,
          (select count(*) from mcp_communications)::int as mcp,
          (select count(*) from alert_sessions where status = 'completed')::int as completed`;
      return row;
    }

    it('keeps every acknowledged event, and the retry of the others completes the data once', {
      timeout: 120_000,
    }, async () => {
      const sessions: GeneratedSession[] = [];
      for (const session of generateSessions({ seed: 2024, nowUs: Date.now() * 1000 })) {
        sessions.push(session);
        if (sessions.length === 80) break;
      }
      // Two clients with sessions of their own, each sending its batches in order.
      const streams = [0, 1].map((k) => [
        ...batchesOf(
          sessions.filter((_, i) => i % 2 === k),
          100,
        ),
      ]);
      const total = streams.reduce((n, s) => n + s.length, 0);
      // Authentication and rate limits have their own e2e tests; this one is about durability.
      const env = {
        DATABASE_URL: database.url,
        LOG_LEVEL: 'info',
        HINDSIGHT_AUTH: 'off',
        HINDSIGHT_RATE_LIMIT_INGEST: '0',
      };
      server = await startServerProcess(env);
      const first = server;

      const acknowledged = new Set<string>();
      const sent = streams.map(() => new Set<number>());
      let answered = 0;
      let lostBatch: readonly SeedEvent[] = [];
      const killAfter = Math.floor(total / 3);

      await Promise.all(
        streams.map(async (batches, k) => {
          for (const [index, batch] of batches.entries()) {
            if (first.child.killed) return;
            // One answer is lost: the server commits the batch and dies as its
            // answer arrives, so the client never learns the batch was stored.
            const loseAnswer = answered === killAfter && lostBatch.length === 0;
            if (loseAnswer) lostBatch = batch;
            let res: Response;
            try {
              res = await post(first.url, batch);
            } catch {
              return; // The server is gone: this batch and the rest are unacknowledged.
            }
            if (loseAnswer) {
              first.child.kill('SIGKILL');
              return;
            }
            const result = await resultOf(res);
            for (const success of result.successes) acknowledged.add(success.id);
            expect(result.errors).toEqual([]);
            sent[k]?.add(index);
            answered += 1;
          }
        }),
      );
      if (first.child.exitCode === null && first.child.signalCode === null) {
        await once(first.child, 'exit');
      }
      expect(first.child.signalCode).toBe('SIGKILL');
      // Both clients were mid-stream: each has batches the server never answered.
      streams.forEach((batches, k) => {
        expect(sent[k]?.size).toBeLessThan(batches.length - 1);
      });
      expect(acknowledged.size).toBeGreaterThan(0);

      // Every acknowledged event is stored, with its effect.
      const ids = [...acknowledged];
      const [stored] = await sql<Array<{ n: number }>>`
          select count(*)::int as n from ingest_events where event_id = any(${ids})`;
      expect(stored?.n).toBe(ids.length);
      const ackedSessions = sessions
        .flatMap((s) => s.events)
        .filter((e) => e.type === 'session.started' && acknowledged.has(e.id))
        .map((e) => String(e.body.session_id));
      const [found] = await sql<Array<{ n: number }>>`
          select count(*)::int as n from alert_sessions where session_id = any(${ackedSessions})`;
      expect(found?.n).toBe(ackedSessions.length);

      const [before] = await sql<
        Array<{ n: number }>
      >`select count(*)::int as n from ingest_events`;
      const committedUnanswered = (before?.n ?? 0) - acknowledged.size;

      // Restart and retry what was not acknowledged, in each client's order.
      server = await startServerProcess(env);
      let repeated = 0;
      for (const [k, batches] of streams.entries()) {
        for (const [index, batch] of batches.entries()) {
          if (sent[k]?.has(index)) continue;
          const result = await send(server.url, batch);
          expect(result.errors).toEqual([]);
          repeated += result.successes.filter((s) => s.status === 200).length;
        }
      }
      // Events committed but never answered (the lost answer's at least) are
      // recognised as repeats (200), not stored twice.
      expect(committedUnanswered).toBeGreaterThanOrEqual(lostBatch.length);
      expect(repeated).toBe(committedUnanswered);
      const expected = expectedCounts(sessions);
      expect(await storedCounts()).toEqual(expected);

      // And the whole stream again changes nothing.
      for (const batches of streams) {
        for (const batch of batches) {
          const result = await send(server.url, batch);
          expect(result.successes.every((s) => s.status === 200)).toBe(true);
        }
      }
      expect(await storedCounts()).toEqual(expected);
    });
  },
);
