import { type IngestResult, ingestEventTypes, isTerminalSessionStatus } from '@hindsight/models';
import { findAppliedEventIds, findAppliedEventsOfSession } from '@hindsight/repository';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../errors.js';
import { createHub, type Services } from '../services.js';
import { type TestEnvelope, testCaller, testRun } from '../testing/index.js';

// Arbitrary mutations of valid batches: whatever they do, no event is half
// written, every event is answered once and in order, and nothing is a 5xx.

type Mutation =
  | { kind: 'drop' | 'duplicate' | 'delete-field'; at: number; field: string }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'set-field'; at: number; field: string; value: unknown }
  | { kind: 'retype'; at: number; type: (typeof ingestEventTypes)[number] }
  | { kind: 'resession'; at: number; session: number }
  | { kind: 'reuse-id'; at: number; other: number }
  | { kind: 'envelope'; at: number; field: 'id' | 'timestamp' | 'type' | 'body'; value: unknown };

const fields = [
  'session_id',
  'execution_id',
  'stage_execution_id',
  'interaction_id',
  'completed_at_us',
  'started_at_us',
  'messages',
  'status',
  'tool_name',
  'duration_ms',
  'alert_data',
  'input_tokens',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('drop', 'duplicate', 'delete-field'),
    at: fc.nat(),
    field: fc.constantFrom(...fields),
  }),
  fc.record({ kind: fc.constant('swap'), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant('set-field'),
    at: fc.nat(),
    field: fc.constantFrom(...fields),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'binary' })),
  }),
  fc.record({
    kind: fc.constant('retype'),
    at: fc.nat(),
    type: fc.constantFrom(...ingestEventTypes),
  }),
  fc.record({ kind: fc.constant('resession'), at: fc.nat(), session: fc.nat({ max: 3 }) }),
  fc.record({ kind: fc.constant('reuse-id'), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant('envelope'),
    at: fc.nat(),
    field: fc.constantFrom('id', 'timestamp', 'type', 'body'),
    value: fc.jsonValue({ maxDepth: 1 }),
  }),
);

function mutate(batch: TestEnvelope[], mutations: readonly Mutation[], sessions: string[]) {
  const events: TestEnvelope[] = batch.map((e) => ({ ...e, body: { ...e.body } }));
  for (const m of mutations) {
    if (events.length === 0) break;
    const at = m.at % events.length;
    const event = events[at] as TestEnvelope;
    const bodyIsObject = typeof event.body === 'object' && event.body !== null;
    if (!bodyIsObject && ['delete-field', 'set-field', 'resession'].includes(m.kind)) continue;
    switch (m.kind) {
      case 'drop':
        events.splice(at, 1);
        break;
      case 'duplicate':
        events.splice(at, 0, { ...event });
        break;
      case 'delete-field':
        delete event.body[m.field];
        break;
      case 'swap': {
        const other = m.other % events.length;
        events[at] = events[other] as TestEnvelope;
        events[other] = event;
        break;
      }
      case 'set-field':
        event.body[m.field] = m.value;
        break;
      case 'retype':
        event.type = m.type;
        break;
      case 'resession':
        event.body.session_id = sessions[m.session % sessions.length];
        break;
      case 'reuse-id':
        event.id = (events[m.other % events.length] as TestEnvelope).id;
        break;
      case 'envelope':
        (event as unknown as Record<string, unknown>)[m.field] = m.value;
        break;
    }
  }
  return events;
}

/** Every event answered once, in request order, with a status of its list. */
function checkAnswers(batch: readonly TestEnvelope[], result: IngestResult) {
  expect(result.successes.length + result.errors.length).toBe(batch.length);
  // Both lists keep request order: the batch must be an interleaving of them
  // (ids may repeat, so every interleaving is tried).
  const seen = new Set<string>();
  const interleaves = (i: number, s: number): boolean => {
    const e = i - s;
    if (i === batch.length) return true;
    const key = `${i}:${s}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const id = batch[i]?.id;
    return (
      (result.successes[s]?.id === id && interleaves(i + 1, s + 1)) ||
      (result.errors[e]?.id === id && interleaves(i + 1, s))
    );
  };
  expect(interleaves(0, 0)).toBe(true);
  for (const success of result.successes) expect([200, 201]).toContain(success.status);
  for (const error of result.errors) expect([400, 404, 409, 413]).toContain(error.status);
}

const creates: Record<string, string> = {
  'session.started': 'session',
  'stage.started': 'stage',
  'llm.interaction': 'llm',
  'mcp.communication': 'mcp',
};

/** Every applied event has its whole effect stored, and every stored record its event. */
async function checkNoPartialEvent(services: Services, database: TestDatabase, sessionId: string) {
  const applied = await findAppliedEventsOfSession(database.db, sessionId);
  const detail = await services.sessions.get({ session_id: sessionId }).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  const appliedEntities = new Set(
    applied
      .filter((a) => creates[a.type] !== undefined)
      .map((a) => `${creates[a.type]}:${a.entity_id}`),
  );
  const stored = new Set<string>();
  if (detail) {
    stored.add(`session:${detail.session_id}`);
    for (const stage of detail.stages) {
      stored.add(`stage:${stage.execution_id}`);
      for (const i of stage.chronological_interactions) stored.add(`${i.type}:${i.id}`);
    }
    for (const i of detail.session_level_interactions) stored.add(`${i.type}:${i.id}`);
    if (isTerminalSessionStatus(detail.status)) {
      expect(
        applied.some(
          (a) =>
            a.type.startsWith('session.') &&
            a.type !== 'session.started' &&
            a.type !== 'session.updated',
        ),
      ).toBe(true);
    }
    for (const stage of detail.stages) {
      if (stage.status !== 'active') {
        expect(
          applied.some((a) => a.entity_id === stage.execution_id && a.type !== 'stage.started'),
        ).toBe(true);
      }
    }
  }
  expect([...stored].sort()).toEqual([...appliedEntities].sort());
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'ingest properties on $dialect',
  (driver) => {
    let database: TestDatabase;
    let services: Services;
    beforeAll(async () => {
      database = await driver.create();
      services = createHub({ db: database.db }).as(testCaller);
    });
    afterAll(async () => {
      await database.dispose();
    });

    // Many batches against a real database: a generous bound for slow machines, not a measurement.
    it('never half-writes an event, answers each in order, and never fails with a 5xx', {
      timeout: 300_000,
    }, async () => {
      let run = 0;
      const everApplied = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { maxLength: 6 }),
          fc.boolean(),
          async (mutations, replay) => {
            run += 1;
            const a = `r${run}-a`;
            const b = `r${run}-b`;
            const sessions = [a, b, 'ghost', `r${Math.max(1, run - 1)}-a`];
            const base = [
              ...testRun(a, { stages: 2, llmPerStage: 1, mcpPerStage: 1 }),
              ...testRun(b, { stages: 1, llmPerStage: 2, mcpPerStage: 0, running: true }),
            ];
            const batch = mutate(base, mutations, sessions);
            const sends = replay ? 2 : 1;
            for (let send = 0; send < sends; send += 1) {
              let result: IngestResult | undefined;
              try {
                result = await services.ingest.batch({ batch });
              } catch (error) {
                expect(
                  error instanceof ValidationError || error instanceof PayloadTooLargeError,
                ).toBe(true);
              }
              const ids = batch
                .map((e) => e.id)
                .filter((id): id is string => typeof id === 'string');
              if (result) {
                checkAnswers(batch, result);
                const created = result.successes.filter((s) => s.status === 201).map((s) => s.id);
                // An id applied now was not applied before, and is recorded now.
                for (const id of created) expect(everApplied.has(id)).toBe(false);
                expect((await findAppliedEventIds(database.db, created)).sort()).toEqual(
                  [...new Set(created)].sort(),
                );
                // A replay answers 200 for every event applied before; an event
                // refused before (say its session came later) may apply now.
                if (send === 1) {
                  for (const success of result.successes) {
                    if (everApplied.has(success.id)) expect(success.status).toBe(200);
                  }
                }
                for (const id of created) everApplied.add(id);
              }
              const recorded = await findAppliedEventIds(database.db, ids);
              for (const id of recorded) expect(everApplied.has(id)).toBe(true);
            }
            for (const session of new Set(sessions)) {
              await checkNoPartialEvent(services, database, session);
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  },
);
