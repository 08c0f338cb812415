import type { IngestResult } from '@hindsight/models';
import { type GeneratedSession, generateSessions, type SeedEvent } from './generate.js';

export interface SeedRunOptions {
  /** Applies one batch: the ingest service, in process. */
  readonly ingest: (input: { batch: readonly SeedEvent[] }) => Promise<IngestResult>;
  readonly sessions: number;
  readonly seed: number;
  readonly nowUs: number;
  /** Events per batch; sessions are never split across batches. */
  readonly batchEvents?: number;
  /** Batches in flight at once (1 on PGlite, which has one connection). */
  readonly concurrency?: number;
}

export interface SeedRunResult {
  readonly sessions: number;
  readonly events: number;
  readonly created: number;
  readonly repeated: number;
  readonly failed: number;
  /** The first few failures, for the log. */
  readonly failures: ReadonlyArray<{ id: string; status: number; message: string }>;
}

/**
 * Runs of batches: each run is applied in order by one client, runs side by
 * side. Whole sessions are gathered into batches of at most `batchEvents`
 * events; a session longer than that gets a run of its own, split in order.
 */
export function* batchRunsOf(
  sessions: Iterable<GeneratedSession>,
  batchEvents: number,
): Generator<SeedEvent[][]> {
  let batch: SeedEvent[] = [];
  for (const session of sessions) {
    if (session.events.length > batchEvents) {
      const run: SeedEvent[][] = [];
      for (let i = 0; i < session.events.length; i += batchEvents) {
        run.push(session.events.slice(i, i + batchEvents));
      }
      yield run;
      continue;
    }
    if (batch.length > 0 && batch.length + session.events.length > batchEvents) {
      yield [batch];
      batch = [];
    }
    batch.push(...session.events);
  }
  if (batch.length > 0) yield [batch];
}

/** The batches of `batchRunsOf`, one after the other: the order one client sends them in. */
export function* batchesOf(
  sessions: Iterable<GeneratedSession>,
  batchEvents: number,
): Generator<SeedEvent[]> {
  for (const run of batchRunsOf(sessions, batchEvents)) yield* run;
}

function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    taken += 1;
    if (taken >= count) return;
  }
}

/**
 * Generates `sessions` sessions and applies them through the ingest service
 * in batches, several at a time. Idempotent: the same seed again is answered
 * with 200s and changes nothing.
 */
export async function runSeed(options: SeedRunOptions): Promise<SeedRunResult> {
  const { batchEvents = 1000, concurrency = 1 } = options;
  const runs = batchRunsOf(
    take(generateSessions({ seed: options.seed, nowUs: options.nowUs }), options.sessions),
    batchEvents,
  );
  const totals = { events: 0, created: 0, repeated: 0, failed: 0 };
  const failures: Array<{ id: string; status: number; message: string }> = [];

  async function worker(): Promise<void> {
    for (let next = runs.next(); !next.done; next = runs.next()) {
      for (const batch of next.value) {
        const result = await options.ingest({ batch });
        totals.events += batch.length;
        for (const success of result.successes) {
          if (success.status === 201) totals.created += 1;
          else totals.repeated += 1;
        }
        totals.failed += result.errors.length;
        failures.push(...result.errors.slice(0, Math.max(0, 5 - failures.length)));
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { sessions: options.sessions, ...totals, failures };
}
