import type { LLMInteractionRecord, SessionRecord } from '@hindsight/models';
import { latencyBucketCount, latencyBucketGrowth } from '@hindsight/models';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmInteractions } from '../schema/llm-interactions.js';
import { alertSessions } from '../schema/sessions.js';
import {
  executeSql,
  llmRecord,
  sessionRecord,
  type TestDatabase,
  testDrivers,
} from '../testing/index.js';
import { transaction } from '../transaction.js';
import {
  countStaleUsageHours,
  findUsageHours,
  rebuildStaleUsageHours,
  type UsageDimension,
  type UsageHourRow,
} from './usage.js';

const hourUs = 3_600_000_000;
const baseUs = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z, a whole hour
const range = { startUs: baseUs - 24 * hourUs, endUs: baseUs + 48 * hourUs };

/** A deterministic pseudo-random sequence (a linear congruential generator). */
function sequence(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(state / 65_536) % n;
  };
}

/** Sessions with calls spread over a dozen hours, out of order, with nulls and ties in time. */
function generate(sessionCount: number, seed = 7) {
  const next = sequence(seed);
  const sessions: SessionRecord[] = [];
  const calls: LLMInteractionRecord[] = [];
  for (let s = 0; s < sessionCount; s++) {
    const session_id = `s${s}`;
    sessions.push(
      sessionRecord({
        session_id,
        agent_type: ['alpha', 'beta'][next(2)] as string,
        alert_type: [null, 'disk', 'cpu'][next(3)] as string | null,
        chain_id: ['c1', 'c2'][next(2)] as string,
      }),
    );
    const start = baseUs + next(12) * hourUs;
    for (let c = 0; c < 1 + next(6); c++) {
      const input = next(2000);
      const output = next(500);
      calls.push(
        llmRecord({
          session_id,
          interaction_id: `s${s}-c${c}`,
          stage_execution_id: null,
          // Ties in time (the interaction id breaks them) and calls before the first.
          timestamp_us: start + (next(4) - 1) * (hourUs / 2) + next(3) * 1_000,
          duration_ms: next(5) === 0 ? null : next(40_000),
          model_name: ['gpt-4o', 'claude-sonnet-4', 'gemini-2.5-pro'][next(3)] as string,
          provider: [null, 'openai', 'anthropic'][next(3)] as string | null,
          success: next(7) !== 0,
          input_tokens: next(6) === 0 ? null : input,
          output_tokens: output,
          cache_read_tokens: next(2) === 0 ? null : Math.floor(input / 3),
          cache_creation_tokens: next(3) === 0 ? Math.floor(input / 5) : null,
          reasoning_tokens: next(2) === 0 ? Math.floor(output / 2) : null,
        }),
      );
    }
  }
  return { sessions, calls };
}

function latencyBucket(ms: number): number {
  if (ms < 1) return 0;
  return Math.min(
    latencyBucketCount - 1,
    1 + Math.floor(Math.log(ms) / Math.log(latencyBucketGrowth)),
  );
}

const dimensions: readonly UsageDimension[] = [
  'all',
  'model',
  'provider',
  'agent_type',
  'alert_type',
  'chain_id',
];

/** The rollup of one grouping, computed in JavaScript from the records: what the SQL must agree with. */
function expectedRows(
  sessions: SessionRecord[],
  calls: LLMInteractionRecord[],
  dimension: UsageDimension,
  costs: ReadonlyMap<string, string | null> = new Map(),
): UsageHourRow[] {
  const byId = new Map(sessions.map((s) => [s.session_id, s]));
  const ordered = [...calls].sort(
    (a, b) =>
      a.timestamp_us - b.timestamp_us ||
      (a.interaction_id < b.interaction_id ? -1 : a.interaction_id > b.interaction_id ? 1 : 0),
  );
  const seen = new Set<string>();
  const rows = new Map<
    string,
    Record<string, unknown> & { latency_histogram: Record<string, number> }
  >();
  for (const call of ordered) {
    const session = byId.get(call.session_id) as SessionRecord;
    const hour_us = call.timestamp_us - (call.timestamp_us % hourUs);
    const value = {
      all: null,
      model: call.model_name,
      provider: call.provider,
      agent_type: session.agent_type,
      alert_type: session.alert_type,
      chain_id: session.chain_id,
    }[dimension];
    // Sessions count at their first call of the group: of the model or provider when so grouped.
    const firstKey =
      dimension === 'model' || dimension === 'provider'
        ? `${call.session_id}:${value}`
        : call.session_id;
    const first = !seen.has(firstKey);
    seen.add(firstKey);
    const key = JSON.stringify([hour_us, value]);
    const row =
      rows.get(key) ??
      ({
        hour_us,
        dimension,
        value,
        sessions: 0,
        llm_calls: 0,
        llm_errors: 0,
        input_tokens: 0,
        output_tokens: 0,
        cache_read_tokens: 0,
        cache_creation_tokens: 0,
        reasoning_tokens: 0,
        cost_usd: 0n,
        unpriced_llm_calls: 0,
        latency_histogram: {},
      } as Record<string, unknown> & { latency_histogram: Record<string, number> });
    rows.set(key, row);
    const add = (field: string, n: number | null) => {
      row[field] = (row[field] as number) + (n ?? 0);
    };
    add('sessions', first ? 1 : 0);
    add('llm_calls', 1);
    add('llm_errors', call.success ? 0 : 1);
    add('input_tokens', call.input_tokens);
    add('output_tokens', call.output_tokens);
    add('cache_read_tokens', call.cache_read_tokens);
    add('cache_creation_tokens', call.cache_creation_tokens);
    add('reasoning_tokens', call.reasoning_tokens);
    const cost = costs.get(call.interaction_id) ?? null;
    if (cost === null) add('unpriced_llm_calls', 1);
    else row.cost_usd = (row.cost_usd as bigint) + pico(cost);
    if (call.duration_ms !== null) {
      const bucket = String(latencyBucket(call.duration_ms));
      row.latency_histogram[bucket] = (row.latency_histogram[bucket] ?? 0) + 1;
    }
  }
  const withCost = [...rows.values()].map((row) => ({ ...row, cost_usd: String(row.cost_usd) }));
  return sorted(withCost as unknown as UsageHourRow[]);
}

/** A decimal amount of dollars as integer picodollars (12 decimals), so sums compare exactly. */
function pico(usd: string | null): bigint {
  const [whole = '0', fraction = ''] = (usd ?? '0').split('.');
  return BigInt(whole) * 10n ** 12n + BigInt(fraction.padEnd(12, '0'));
}

function sorted(rows: UsageHourRow[]): UsageHourRow[] {
  const key = (r: UsageHourRow) => JSON.stringify([r.hour_us, r.value]);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every grouping's rows, as stored or computed, beside what the records say. */
async function compareAll(
  db: TestDatabase,
  sessions: SessionRecord[],
  calls: LLMInteractionRecord[],
) {
  const costs = new Map(
    (
      await executeSql<{ interaction_id: string; cost_usd: string | null }>(
        db.db,
        'select interaction_id, cost_usd::text as cost_usd from llm_interactions',
      )
    ).map((row) => [row.interaction_id, row.cost_usd]),
  );
  for (const dimension of dimensions) {
    const rows = (await findUsageHours(db.db, range, dimension)).map((row) => ({
      ...row,
      cost_usd: String(pico(row.cost_usd)),
    }));
    expect(sorted(rows), dimension).toEqual(expectedRows(sessions, calls, dimension, costs));
  }
}

async function write(db: TestDatabase, sessions: SessionRecord[], calls: LLMInteractionRecord[]) {
  if (sessions.length > 0) await db.db.insert(alertSessions).values(sessions);
  for (let i = 0; i < calls.length; i += 200) {
    await db.db.insert(llmInteractions).values(calls.slice(i, i + 200));
  }
}

async function rebuildAll(db: TestDatabase) {
  while ((await transaction(db.db, (tx) => rebuildStaleUsageHours(tx, 5))).length > 0) {}
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('usage rollup on $dialect', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await driver.create();
  });
  afterEach(() => db.dispose());

  it('has nothing to say about an empty history', async () => {
    expect(await findUsageHours(db.db, range, 'all')).toEqual([]);
    expect(await countStaleUsageHours(db.db)).toBe(0);
  });

  it('agrees with the calls whether an hour is computed fresh or read from the rollup', async () => {
    const { sessions, calls } = generate(60);
    await write(db, sessions, calls);
    // Two calls in three priced afterwards, as a reprice would: an update marks their hours stale.
    await rebuildAll(db);
    await executeSql(
      db.db,
      `update llm_interactions set cost_usd = ((hashtext(interaction_id) & 4095) / 997.0)::numeric(24, 12)
       where hashtext(interaction_id) % 3 <> 0`,
    );
    expect(await countStaleUsageHours(db.db)).toBeGreaterThan(5);
    expect(expectedRows(sessions, calls, 'model').length).toBeGreaterThan(20);
    expect(await countStaleUsageHours(db.db)).toBeGreaterThan(5);
    await compareAll(db, sessions, calls);
    await rebuildAll(db);
    expect(await countStaleUsageHours(db.db)).toBe(0);
    await compareAll(db, sessions, calls);
  });

  it('moves a session to the hour of a call stored later but made earlier', async () => {
    const session = sessionRecord({ session_id: 'late' });
    const later = llmRecord({
      session_id: 'late',
      interaction_id: 'b',
      stage_execution_id: null,
      timestamp_us: baseUs + 5 * hourUs,
    });
    await write(db, [session], [later]);
    await rebuildAll(db);
    const earlier = llmRecord({
      session_id: 'late',
      interaction_id: 'a',
      stage_execution_id: null,
      timestamp_us: baseUs + 2 * hourUs,
    });
    await write(db, [], [earlier]);
    // Both hours are stale now, not only the hour of the call written.
    expect(await countStaleUsageHours(db.db)).toBe(2);
    await rebuildAll(db);
    const rows = await findUsageHours(db.db, range, 'model');
    expect(sorted(rows).map((r) => [r.hour_us - baseUs, r.sessions, r.llm_calls])).toEqual([
      [2 * hourUs, 1, 1],
      [5 * hourUs, 0, 1],
    ]);
    await compareAll(db, [session], [later, earlier]);
  });

  it('forgets a deleted session once its hours are rebuilt, and at once when read', async () => {
    const { sessions, calls } = generate(20, 3);
    await write(db, sessions, calls);
    await rebuildAll(db);
    await db.db.delete(alertSessions).where(eq(alertSessions.session_id, 's4'));
    const keptSessions = sessions.filter((s) => s.session_id !== 's4');
    const keptCalls = calls.filter((c) => c.session_id !== 's4');
    await compareAll(db, keptSessions, keptCalls);
    await rebuildAll(db);
    await compareAll(db, keptSessions, keptCalls);
  });

  it('keeps an hour stale when a call commits after the rebuild began', async () => {
    if (driver.dialect === 'pglite') return; // one connection: no concurrent transaction
    await write(db, [sessionRecord({ session_id: 'x' })], []);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written!: () => void;
    const inserted = new Promise<void>((resolve) => {
      written = resolve;
    });
    const writer = transaction(db.db, async (tx) => {
      await tx
        .insert(llmInteractions)
        .values(llmRecord({ session_id: 'x', stage_execution_id: null, timestamp_us: baseUs }));
      written();
      await held;
    });
    await inserted;
    // The uncommitted call's marker is invisible: nothing to rebuild yet.
    expect(await transaction(db.db, (tx) => rebuildStaleUsageHours(tx, 10))).toEqual([]);
    release();
    await writer;
    expect(await countStaleUsageHours(db.db)).toBe(1);
    await rebuildAll(db);
    expect((await findUsageHours(db.db, range, 'all')).map((r) => r.llm_calls)).toEqual([1]);
  });
});

describe.each(testDrivers(process.env.TEST_DATABASE_URL).filter((d) => d.dialect === 'postgres'))(
  'the usage trigger at scale on $dialect',
  (driver) => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await driver.create();
    });
    afterEach(() => db.dispose());

    it('marks the hours of a write without scanning the stored calls', async () => {
      // Planned as a join, the search for calls a write displaced as a session's first
      // ran as a hash join over every stored call: ingest slowed as the history grew.
      const { sessions, calls } = generate(2_000, 11);
      await write(db, sessions, calls);
      await executeSql(db.db, 'analyze llm_interactions');
      const fresh = generate(10, 12);
      const renamed = (id: string) => `fresh-${id}`;
      const scans = await transaction(db.db, async (tx) => {
        await tx
          .insert(alertSessions)
          .values(fresh.sessions.map((s) => ({ ...s, session_id: renamed(s.session_id) })));
        await tx.insert(llmInteractions).values(
          fresh.calls.map((c) => ({
            ...c,
            session_id: renamed(c.session_id),
            interaction_id: renamed(c.interaction_id),
          })),
        );
        // This transaction's own counts, before they are reported.
        const rows = await executeSql<{ n: number }>(
          tx,
          `select seq_scan::int as n from pg_stat_xact_user_tables where relname = 'llm_interactions'`,
        );
        return rows[0]?.n;
      });
      expect(calls.length).toBeGreaterThan(5_000);
      expect(scans).toBe(0);
      expect(await countStaleUsageHours(db.db)).toBeGreaterThan(0);
    });
  },
);
