import type { LLMInteractionRecord } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../migrate.js';
import { llmRecord, sessionRecord, type TestDatabase, testDrivers } from '../testing/index.js';
import { insertLLMInteractions } from './interactions.js';
import { findLlmCallsToPrice, updateLlmCallCosts } from './llm-costs.js';
import { deleteSessionsCascade } from './session-deletion.js';
import { findSessionStatsSource } from './session-stats.js';
import { findSessionTotals } from './session-totals.js';
import { insertSessions } from './sessions.js';

function priced(id: string, total: string, sessionId = 's-1'): LLMInteractionRecord {
  return llmRecord({
    session_id: sessionId,
    interaction_id: id,
    stage_execution_id: null,
    cost_usd: total,
    input_cost_usd: total,
    cache_read_cost_usd: '0',
    cache_creation_cost_usd: '0',
    output_cost_usd: '0',
    price_source: 'genai-prices 0.1.8',
    priced_provider: 'openai',
    priced_model: 'gpt-4o',
  });
}

function unpriced(id: string, sessionId = 's-1'): LLMInteractionRecord {
  return llmRecord({
    session_id: sessionId,
    interaction_id: id,
    stage_execution_id: null,
    model_name: 'acme-ft-7',
    unpriced_reason: 'unknown_model',
  });
}

// The session's cost total is kept by triggers (migration 0014), on every driver.
describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'session cost totals on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
      await insertSessions(database.db, [
        sessionRecord({ session_id: 's-1' }),
        sessionRecord({ session_id: 's-2' }),
      ]);
    });
    afterEach(async () => {
      await database.dispose();
    });

    async function totals(id: string) {
      const t = (await findSessionTotals(database.db, [id])).get(id);
      return { cost: t?.session_cost_usd, unpriced: t?.unpriced_llm_interaction_count };
    }

    /** The stored total next to the sum of the stored calls, computed by PostgreSQL from scratch. */
    async function storedAgainstSum(id: string) {
      const [row] = rowsOf<{ stored: string; summed: string }>(
        await database.db.execute(sql`
        select s.cost_usd::text as stored,
          (select coalesce(sum(cost_usd), 0) from llm_interactions l where l.session_id = s.session_id)::numeric(24, 12)::text as summed
        from alert_sessions s where s.session_id = ${id}`),
      );
      return row;
    }

    it('adds each call once, exactly, in one statement per session, and counts the unpriced', async () => {
      const { db } = database;
      await insertLLMInteractions(db, [
        priced('a', '0.1'),
        priced('b', '0.2'),
        unpriced('c'),
        priced('d', '0.000000000001', 's-2'),
      ]);
      expect(await totals('s-1')).toEqual({ cost: '0.3', unpriced: 1 });
      expect(await totals('s-2')).toEqual({ cost: '0.000000000001', unpriced: 0 });
      // A replay skipped by ON CONFLICT adds nothing.
      const skipped = await insertLLMInteractions(db, [priced('a', '0.1'), priced('e', '1')], {
        skipStored: true,
      });
      expect(skipped).toEqual([{ session_id: 's-1', id: 'a' }]);
      expect(await totals('s-1')).toEqual({ cost: '1.3', unpriced: 1 });
      const check = await storedAgainstSum('s-1');
      expect(check?.stored).toBe(check?.summed);
    });

    it('has no cost while no call is priced', async () => {
      await insertLLMInteractions(database.db, [unpriced('c')]);
      expect(await totals('s-1')).toEqual({ cost: null, unpriced: 1 });
      expect(await totals('s-2')).toEqual({ cost: null, unpriced: 0 });
      const stats = await findSessionStatsSource(database.db, 's-1');
      expect(stats).toMatchObject({ session_cost_usd: null, unpriced_llm_interaction_count: 1 });
    });

    it('adjusts by the difference when a call is priced again, and only changed calls are written', async () => {
      const { db } = database;
      await insertLLMInteractions(db, [priced('a', '0.5'), unpriced('c'), priced('b', '2')]);
      const changed = await updateLlmCallCosts(db, [
        // a: a new price; c: now priced; b: unchanged.
        { ...priced('a', '0.25') },
        { ...priced('c', '1.125') },
        { ...priced('b', '2') },
      ]);
      expect(changed).toBe(2);
      expect(await totals('s-1')).toEqual({ cost: '3.375', unpriced: 0 });
      await updateLlmCallCosts(db, [{ ...unpriced('b') }]);
      expect(await totals('s-1')).toEqual({ cost: '1.375', unpriced: 1 });
      const stats = await findSessionStatsSource(db, 's-1');
      expect(stats).toMatchObject({ session_cost_usd: '1.375', unpriced_llm_interaction_count: 1 });
      const check = await storedAgainstSum('s-1');
      expect(check?.stored).toBe(check?.summed);
    });

    it('takes a deleted call away, and a deleted session takes its calls with it', async () => {
      const { db } = database;
      await insertLLMInteractions(db, [priced('a', '0.5'), priced('b', '0.25')]);
      await db.execute(sql`delete from llm_interactions where interaction_id = 'a'`);
      expect(await totals('s-1')).toEqual({ cost: '0.25', unpriced: 0 });
      await insertLLMInteractions(db, [priced('c', '1', 's-2')]);
      expect(await deleteSessionsCascade(db, ['s-1'])).toMatchObject({
        sessions: 1,
        llm_interactions: 1,
      });
      // The foreign key's cascade runs the trigger on a session being deleted: nothing to update.
      await db.execute(sql`delete from alert_sessions where session_id = 's-2'`);
      expect((await findSessionTotals(db, ['s-1', 's-2'])).get('s-2')?.session_cost_usd).toBeNull();
    });

    it('walks the calls to price in key order, in batches, from a time on', async () => {
      const { db } = database;
      await insertLLMInteractions(db, [
        { ...unpriced('b'), timestamp_us: 10 },
        { ...unpriced('a'), timestamp_us: 20 },
        { ...unpriced('c', 's-2'), timestamp_us: 30 },
      ]);
      const first = await findLlmCallsToPrice(db, { limit: 2 });
      expect(first.map((c) => c.interaction_id)).toEqual(['a', 'b']);
      const last = first.at(-1);
      const next = await findLlmCallsToPrice(db, { limit: 2, ...(last ? { after: last } : {}) });
      expect(next.map((c) => c.interaction_id)).toEqual(['c']);
      const since = await findLlmCallsToPrice(db, { limit: 10, sinceUs: 20 });
      expect(since.map((c) => c.interaction_id)).toEqual(['a', 'c']);
    });
  },
);
