import { DetailedSession, SessionStats, sumUsd } from '@hindsight/models';
import { executeSql, type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHub, type Services } from '../services.js';
import { costRun as run, testCaller } from '../testing/index.js';
import { catalogueSource } from './catalogue.js';
import { PriceBook } from './price-book.js';

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'cost at ingest on $dialect',
  (driver) => {
    let database: TestDatabase;
    let services: Services;
    beforeEach(async () => {
      database = await driver.create();
      services = createHub({ db: database.db }).as(testCaller);
    });
    afterEach(async () => {
      await database.dispose();
    });

    const detail = async (id = 's1') =>
      v.parse(DetailedSession, await services.sessions.get({ session_id: id }));
    const listed = async (id = 's1') =>
      (await services.sessions.list({})).sessions.find((s) => s.session_id === id);

    it('stores exact costs per provider, once per token, and the totals of stages and session', async () => {
      const result = await services.ingest.batch({ batch: run('s1') });
      expect(result.errors).toEqual([]);
      const session = await detail();
      const calls = [
        ...session.stages.flatMap((s) => s.llm_interactions),
        ...session.session_level_interactions.flatMap((i) => (i.type === 'llm' ? [i] : [])),
      ];
      const byId = new Map(calls.map((c) => [c.id, c.details]));
      expect(byId.get('openai')?.cost_usd).toEqual({
        total_usd: '0.00725',
        input_usd: '0.002',
        cache_read_usd: '0.00025',
        cache_creation_usd: '0',
        output_usd: '0.005',
        price_source: catalogueSource,
        priced_provider: 'openai',
        priced_model: 'gpt-4o',
      });
      expect(byId.get('anthropic')?.cost_usd).toMatchObject({
        total_usd: '0.0357',
        input_usd: '0.012',
        cache_read_usd: '0.0012',
        cache_creation_usd: '0.0075',
        output_usd: '0.015',
        priced_model: 'claude-sonnet-4-0',
      });
      expect(byId.get('unknown')).toMatchObject({
        cost_usd: null,
        unpriced_reason: 'unknown_model',
      });
      expect(byId.get('no-tokens')).toMatchObject({
        cost_usd: null,
        unpriced_reason: 'no_token_counts',
      });
      expect(session.stages.map((s) => [s.execution_id, s.stage_cost_usd])).toEqual([
        ['s1-e0', '0.00725'],
        ['s1-e1', '0.0357'],
      ]);
      // The detail sums its calls; the list and the stats read the total kept at write time.
      expect(session).toMatchObject({
        session_cost_usd: '0.04295',
        unpriced_llm_interaction_count: 2,
      });
      expect(await listed()).toMatchObject({
        session_cost_usd: '0.04295',
        unpriced_llm_interaction_count: 2,
      });
      const stats = v.parse(SessionStats, await services.sessions.summary({ session_id: 's1' }));
      expect(stats).toMatchObject({ session_cost_usd: '0.04295', unpriced_llm_interactions: 2 });
    });

    it('counts no token twice: cache and reasoning tokens are parts, never additions', async () => {
      await services.ingest.batch({ batch: run('s1') });
      const session = await detail();
      const openai = session.stages[0]?.llm_interactions.find((c) => c.id === 'openai');
      const cost = openai?.details.cost_usd;
      // Pricing all 1,000 input tokens at the uncached rate and the 500 output
      // tokens, with nothing added for the 200 cached or 100 reasoning ones,
      // bounds the cost from above; the cache discount is what brings it below.
      expect(sumUsd([cost?.input_usd ?? '', cost?.cache_read_usd ?? ''])).toBe('0.00225');
      expect(cost?.output_usd).toBe('0.005');
      expect(openai?.details.total_tokens).toBe(1_500);
    });

    it('keeps the session total equal to the sum of its calls after replays', async () => {
      const events = run('s1');
      await services.ingest.batch({ batch: events });
      for (let i = 0; i < 2; i += 1) {
        const again = await services.ingest.batch({ batch: events });
        expect(again.errors).toEqual([]);
      }
      // The same call under a new event id is a conflict, and adds nothing either.
      const conflicting = {
        ...events[3],
        id: 'another-id',
      } as (typeof events)[number];
      const answer = await services.ingest.batch({ batch: [conflicting] });
      expect(answer.errors.map((e) => e.status)).toEqual([409]);
      expect((await listed())?.session_cost_usd).toBe('0.04295');
      const [row] = await executeSql<{ stored: string; summed: string }>(
        database.db,
        `select s.cost_usd::text as stored, (select sum(cost_usd) from llm_interactions l
         where l.session_id = s.session_id)::numeric(24, 12)::text as summed
       from alert_sessions s where s.session_id = 's1'`,
      );
      expect(row?.stored).toBe(row?.summed);
    });

    it('stores no cost when pricing is off', async () => {
      const off = createHub({ db: database.db }, { pricing: new PriceBook({ enabled: false }) }).as(
        testCaller,
      );
      await off.ingest.batch({ batch: run('s2') });
      const session = await detail('s2');
      expect(session.session_cost_usd).toBeNull();
      expect(session.unpriced_llm_interaction_count).toBe(4);
    });
  },
);
