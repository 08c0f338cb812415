import { DetailedSession, IngestEnvelope, ingestBodySchemas } from '@hindsight/models';
import { createTestServices } from '@hindsight/service/testing';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { generateSessions } from './generate.js';
import { batchesOf, batchRunsOf, runSeed } from './run-seed.js';

const nowUs = 1_767_225_600_000_000;

function first(count: number, seed: number) {
  const sessions = [];
  for (const session of generateSessions({ seed, nowUs })) {
    sessions.push(session);
    if (sessions.length === count) break;
  }
  return sessions;
}

describe('generateSessions', () => {
  it('is deterministic per seed, and a smaller count is a prefix of a larger one', () => {
    expect(first(20, 1)).toEqual(first(20, 1));
    expect(first(5, 1)).toEqual(first(20, 1).slice(0, 5));
    expect(first(5, 2).map((s) => s.sessionId)).not.toEqual(first(5, 1).map((s) => s.sessionId));
  });

  it('makes valid events of varied agents, outcomes, chains and interaction counts', () => {
    const sessions = first(400, 9);
    const agents = new Set<string>();
    const ends = new Set<string>();
    const stageCounts = new Set<number>();
    const perStage: number[] = [];
    let failedCalls = 0;
    for (const session of sessions) {
      const counts = new Map<string, number>();
      for (const event of session.events) {
        expect(v.safeParse(IngestEnvelope, event).issues).toBeUndefined();
        const body = v.safeParse(ingestBodySchemas[event.type], event.body);
        expect(body.issues).toBeUndefined();
        const b = event.body as Record<string, unknown>;
        if (event.type === 'session.started') agents.add(String(b.agent_type));
        if (event.type.startsWith('session.') && !['session.started'].includes(event.type)) {
          ends.add(event.type === 'session.updated' ? 'paused' : event.type);
        }
        if (event.type === 'stage.started') counts.set(String(b.execution_id), 0);
        if (event.type === 'llm.interaction' || event.type === 'mcp.communication') {
          const stage = String(b.stage_execution_id);
          counts.set(stage, (counts.get(stage) ?? 0) + 1);
          if (b.success === false) failedCalls += 1;
        }
      }
      stageCounts.add(counts.size);
      perStage.push(...counts.values());
    }
    expect(agents.size).toBeGreaterThanOrEqual(5);
    expect(ends).toEqual(
      new Set([
        'session.completed',
        'session.failed',
        'session.cancelled',
        'session.timed_out',
        'paused',
      ]),
    );
    expect([...stageCounts].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(Math.min(...perStage)).toBe(0);
    expect(Math.max(...perStage)).toBeLessThanOrEqual(40);
    expect(Math.max(...perStage)).toBeGreaterThanOrEqual(35);
    expect(failedCalls).toBeGreaterThan(0);
  });

  it('keeps a session in one batch, or in one run of batches when it is too long', () => {
    const sessions = first(50, 4);
    const runs = [...batchRunsOf(sessions, 60)];
    expect(runs.flat(2).length).toBe(sessions.reduce((n, s) => n + s.events.length, 0));
    const runOf = new Map<unknown, number>();
    runs.forEach((run, r) => {
      for (const batch of run) {
        expect(batch.length).toBeLessThanOrEqual(60);
        for (const event of batch) {
          const session = event.body.session_id;
          expect(runOf.get(session) ?? r).toBe(r);
          runOf.set(session, r);
        }
      }
    });
    expect(runs.some((run) => run.length > 1)).toBe(true);
    // Within a session, events keep their order.
    const flat = [...batchesOf(sessions, 60)].flat();
    for (const session of sessions) {
      expect(flat.filter((e) => e.body.session_id === session.sessionId)).toEqual(session.events);
    }
  });
});

describe('runSeed', () => {
  // A real database and a few hundred events: a generous bound for busy machines, not a measurement.
  it('applies every generated event through the ingest service, once', {
    timeout: 120_000,
  }, async () => {
    const t = await createTestServices();
    try {
      const options = {
        ingest: t.services.ingest.batch,
        sessions: 12,
        seed: 5,
        nowUs,
        batchEvents: 40,
        concurrency: 3,
      };
      const result = await runSeed(options);
      expect(result.failures).toEqual([]);
      expect(result.created).toBe(result.events);
      expect(result.events).toBe(first(12, 5).reduce((n, s) => n + s.events.length, 0));
      const again = await runSeed(options);
      expect(again).toMatchObject({ created: 0, repeated: result.events, failed: 0 });
      for (const session of first(12, 5).slice(0, 5)) {
        const detail = await t.services.sessions.get({ session_id: session.sessionId });
        expect(v.safeParse(DetailedSession, detail).issues).toBeUndefined();
      }
    } finally {
      await t.dispose();
    }
  });
});
