import { randomUUID } from 'node:crypto';
import {
  type AppliedEvent,
  appendLiveEvents,
  claimEvents,
  correctClaimedEvents,
  type Db,
  databaseErrorKind,
  findEventDigests,
  findStageStates,
  findTombstones,
  type InteractionKey,
  insertLLMInteractions,
  insertMCPCommunications,
  insertSessions,
  insertStages,
  isTransactionAborted,
  lockSessionStates,
  notifyTransientEvents,
  releaseEvents,
  updateSessions,
  updateStages,
} from '@hindsight/repository';
import { type ServiceContext, withTransaction } from '../context.js';
import { pricingOf } from '../cost/price-book.js';
import { ConflictError, UnavailableError, ValidationError } from '../errors.js';
import { isTransient } from '../live/derive.js';
import { type EventOutcome, type PlannedWrites, planEvents } from './plan.js';
import { entityIdOf, type PreparedEvent, sessionIdOf, stageIdsOf } from './prepare.js';

/** Attempts of one group when a concurrent transaction got in the way. */
const maxAttempts = 5;

/**
 * Awaits statements sent together on one connection. When one fails, the
 * ones the database runs after it fail too, with "transaction is aborted"
 * (25P02). The error that counts is the one that aborted it: the first in
 * sending order that is not such a consequence. Sending order is not always
 * the array's: helpers take different numbers of ticks before their
 * statement reaches the driver.
 */
export async function inOrder<T extends readonly unknown[]>(
  statements: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(statements);
  const failures = settled.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    throw failures.find((error) => !isTransactionAborted(error)) ?? failures[0];
  }
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** What a group learnt the hard way: interactions stored under other event ids. */
interface KnownStored {
  readonly llm: readonly InteractionKey[];
  readonly mcp: readonly InteractionKey[];
}

/** Thrown inside a group's transaction to roll it back and plan again with what it learnt. */
class StoredInteractionsFound extends Error {
  constructor(readonly found: KnownStored) {
    super('interactions already stored under other event ids');
  }
}

/** The `ingest_events` row an event would leave: its claim, made before it is planned. */
function claimOf(event: PreparedEvent, receivedAtUs: number): AppliedEvent {
  return {
    event_id: event.id,
    received_at_us: receivedAtUs,
    type: event.type,
    entity_id: entityIdOf(event),
    session_id: event.body.session_id,
    body_digest: event.digest,
  };
}

/**
 * Applies a group of events in one transaction, in two round trips besides
 * BEGIN and COMMIT:
 * 1. lock the sessions the events name (in id order), claim the event ids
 *    (an id already recorded is a repeat), and read the stages they name;
 * 2. having planned every event in memory, write the plan, one statement per
 *    table, and release the claims of the events the plan refused.
 * The statements of each step are sent together; PostgreSQL runs them in
 * order, so the claims and reads follow the locks.
 */
async function applyGroup(
  ctx: ServiceContext,
  events: readonly PreparedEvent[],
  receivedAtUs: number,
  known: KnownStored,
  careful: boolean,
): Promise<EventOutcome[]> {
  let wroteLive = false;
  const outcomes = await withTransaction(ctx, async ({ db }) => {
    const claims = new Map<string, AppliedEvent>();
    for (const event of events) {
      // Transient events (stream chunks) are published, never recorded: nothing to claim.
      if (!claims.has(event.id) && !isTransient(event)) {
        claims.set(event.id, claimOf(event, receivedAtUs));
      }
    }
    const stageIds = unique(events.flatMap(stageIdsOf));
    const sessionIds = unique(events.map(sessionIdOf)).sort();
    // Tombstones are read after the locks: a deletion that held them has committed its tombstone.
    const [sessions, claimed, stages, tombstones] = await inOrder([
      lockSessionStates(db, sessionIds),
      claimEvents(db, [...claims.values()]),
      findStageStates(db, stageIds),
      findTombstones(db, sessionIds),
    ]);
    const claimedIds = new Set(claimed);
    const repeats = [...claims.keys()].filter((id) => !claimedIds.has(id));
    // Only repeats cost a round trip: their digests tell a retry from a reused id.
    const appliedDigests = await findEventDigests(db, repeats);
    const plan = planEvents(
      events,
      {
        sessions,
        stages,
        appliedEventIds: repeats,
        appliedDigests,
        llmInteractions: known.llm,
        mcpCommunications: known.mcp,
        tombstones,
      },
      receivedAtUs,
    );
    const applied = new Map(plan.writes.applied.map((a) => [a.event_id, a]));
    const refused = [...claimedIds].filter((id) => !applied.has(id));
    // A repeated id whose first occurrence was refused and a later one applied.
    const corrected = [...applied.values()].filter((a) => {
      const claim = claims.get(a.event_id);
      return (
        claim !== undefined &&
        (claim.type !== a.type ||
          claim.entity_id !== a.entity_id ||
          claim.session_id !== a.session_id ||
          claim.body_digest !== a.body_digest)
      );
    });
    const planned =
      ctx.publishLive === false ? { ...plan.writes, live: [], transient: [] } : plan.writes;
    // Priced at write time, each call at its own timestamp; the session totals follow by trigger.
    const writes = { ...planned, llm: await pricingOf(ctx).priceAll(db, planned.llm) };
    const announcer = ctx.liveAnnouncer;
    const [skippedLlm, skippedMcp] = await write(db, writes, refused, corrected, careful, {
      announceLive: announcer === undefined,
    });
    if (skippedLlm.length > 0 || skippedMcp.length > 0) {
      throw new StoredInteractionsFound({ llm: skippedLlm, mcp: skippedMcp });
    }
    wroteLive = writes.live.length > 0;
    return plan.outcomes;
  });
  // Committed: now the readers may look (see LiveAnnouncer for why not before).
  if (wroteLive) ctx.liveAnnouncer?.announce();
  return outcomes;
}

/**
 * Writes a plan: one statement per table (per set of patched columns for
 * stored sessions and stages),
 * sent together in one round trip (no foreign keys bind them, so the order in
 * which they reach the database does not matter). Any failure fails
 * the transaction, so a group is written whole or not at all. Returns the
 * interactions found already stored, which the plan could not know of.
 */
async function write(
  db: Db,
  writes: PlannedWrites,
  refused: readonly string[],
  corrected: readonly AppliedEvent[],
  careful: boolean,
  options: { readonly announceLive: boolean },
): Promise<[InteractionKey[], InteractionKey[]]> {
  const [, , , , skippedLlm, skippedMcp] = await inOrder([
    insertSessions(db, writes.newSessions),
    updateSessions(db, writes.sessionPatches),
    insertStages(db, writes.newStages),
    updateStages(db, writes.stagePatches),
    insertLLMInteractions(db, writes.llm, { skipStored: careful }),
    insertMCPCommunications(db, writes.mcp, { skipStored: careful }),
    releaseEvents(db, refused),
    correctClaimedEvents(db, corrected),
    // Last, so that the transaction already holds its id (locks and claims took one).
    appendLiveEvents(db, writes.live, {
      holdsTransactionId: true,
      announce: options.announceLive,
    }),
    notifyTransientEvents(db, writes.transient, randomUUID),
  ]);
  return [skippedLlm, skippedMcp];
}

/**
 * A unique violation means a concurrent transaction created a session or
 * stage this one planned to create; a deadlock or serialization failure that
 * one of two had to give way; stored interactions, that the plan must refuse
 * them. Planning again sees the other's work.
 */
async function applyGroupWithRetries(
  ctx: ServiceContext,
  events: readonly PreparedEvent[],
  now: () => number,
): Promise<EventOutcome[]> {
  let known: KnownStored = { llm: [], mcp: [] };
  // The first attempt counts on interactions being new (nearly always so);
  // after a unique violation, the next attempts find out which were not.
  let careful = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await applyGroup(ctx, events, now(), known, careful);
    } catch (error) {
      if (error instanceof StoredInteractionsFound && attempt < maxAttempts) {
        known = {
          llm: [...known.llm, ...error.found.llm],
          mcp: [...known.mcp, ...error.found.mcp],
        };
        continue;
      }
      const kind = databaseErrorKind(error);
      const retry = kind === 'unique_violation' || kind === 'retryable';
      if (!retry || attempt >= maxAttempts) throw error;
      if (kind === 'unique_violation') careful = true;
    }
  }
}

/** The driver's own message, innermost: what the database said, without the query. */
function driverMessage(error: unknown): string {
  let current: unknown = error;
  let message = '';
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

/** The answer to an event that the database refused on its own. */
function refusedEventOutcome(error: unknown): EventOutcome {
  switch (databaseErrorKind(error)) {
    case 'data':
      return {
        error: new ValidationError(`the database refused a value: ${driverMessage(error)}`, []),
      };
    case 'integrity':
    case 'unique_violation':
    case 'retryable':
      return { error: new ConflictError('the event conflicts with stored data; retry it') };
    case 'unavailable':
      throw new UnavailableError('the database is not reachable', { cause: error });
    default:
      throw error;
  }
}

/**
 * Applies events in request order and answers each. The whole group commits
 * in one transaction: the planner has already refused every event it can tell
 * is wrong, so a refused event writes nothing and takes nothing with it.
 * Should the database still refuse the group for a reason the planner could
 * not foresee, every event is applied again in a transaction of its own, so
 * that the event at fault is answered alone and the others commit.
 */
export async function applyEvents(
  ctx: ServiceContext,
  events: readonly PreparedEvent[],
  now: () => number,
): Promise<EventOutcome[]> {
  if (events.length === 0) return [];
  try {
    return await applyGroupWithRetries(ctx, events, now);
  } catch (error) {
    if (databaseErrorKind(error) === 'unavailable') {
      throw new UnavailableError('the database is not reachable', { cause: error });
    }
    if (events.length === 1) return [refusedEventOutcome(error)];
    if (databaseErrorKind(error) === 'other') throw error;
  }
  const outcomes: EventOutcome[] = [];
  for (const event of events) {
    try {
      outcomes.push(...(await applyGroupWithRetries(ctx, [event], now)));
    } catch (error) {
      outcomes.push(refusedEventOutcome(error));
    }
  }
  return outcomes;
}
