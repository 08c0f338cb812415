import { DetailedSession } from '@hindsight/models';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHub, type Services } from '../services.js';
import { envelope, costRun as run, testBodies, testCaller, testT0 } from '../testing/index.js';

const at = (iso: string) => Date.parse(iso) * 1000;

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'price overrides and reprice on $dialect',
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

    it('prices with an override in force at the call, and a price change mid-range', async () => {
      await services.prices.put({
        name: 'acme-2025',
        model: 'acme-ft-*',
        input_per_mtok: 1,
        output_per_mtok: 2,
      });
      await services.prices.put({
        name: 'acme-2026',
        model: 'acme-ft-*',
        effective_from_us: testT0 + 1_000_000,
        input_per_mtok: 0.5,
        output_per_mtok: 1,
      });
      const call = (id: string, timestamp_us: number) =>
        envelope(
          'llm.interaction',
          testBodies.llm('s3', id, null, {
            provider: 'acme',
            model_name: 'acme-ft-7',
            timestamp_us,
            input_tokens: 1_000_000,
            output_tokens: 1_000_000,
          }),
          `s3:${id}`,
        );
      await services.ingest.batch({
        batch: [
          envelope('session.started', testBodies.sessionStarted('s3'), 's3:start'),
          call('before', testT0 + 999_999),
          call('after', testT0 + 1_000_000),
        ],
      });
      const session = await detail('s3');
      const costs = session.session_level_interactions.map((i) =>
        i.type === 'llm'
          ? [i.id, i.details.cost_usd?.total_usd, i.details.cost_usd?.price_source]
          : [],
      );
      expect(costs).toEqual([
        ['before', '3', 'override acme-2025'],
        ['after', '1.5', 'override acme-2026'],
      ]);
      expect(session.session_cost_usd).toBe('4.5');
    });

    it('reprices history after an override changes, and fixes the session totals', async () => {
      await services.ingest.batch({ batch: run('s1') });
      await services.ingest.batch({ batch: run('s2') });
      expect((await listed())?.session_cost_usd).toBe('0.04295');
      // The unknown model gets a price, and gpt-4o a cheaper one from an instant before the calls.
      await services.prices.put({
        name: 'acme',
        model: 'acme-ft-7',
        input_per_mtok: 1000,
        output_per_mtok: 0,
      });
      await services.prices.put({
        name: 'our-gpt-4o',
        provider: 'openai',
        model: 'gpt-4o',
        effective_from_us: at('2025-01-01T00:00:00Z'),
        input_per_mtok: 1,
        output_per_mtok: 2,
      });
      const result = await services.prices.reprice({ batch_size: 3 });
      // 8 calls in batches of 3; in each session the openai and unknown calls change.
      expect(result).toEqual({ calls_examined: 8, calls_changed: 4, batches: 3 });
      // openai: 1,000 input at $1/M (no cache price: cached as input) + 500 out at $2/M = 0.002;
      // acme: 100 input at $1,000/M = 0.1; anthropic unchanged 0.0357.
      for (const id of ['s1', 's2']) {
        expect((await listed(id))?.session_cost_usd).toBe('0.1377');
        expect((await detail(id)).session_cost_usd).toBe('0.1377');
        expect((await detail(id)).unpriced_llm_interaction_count).toBe(1);
      }
      // Nothing changed since: a second run writes nothing.
      expect(await services.prices.reprice({})).toMatchObject({ calls_changed: 0 });
      // Removing the overrides and repricing restores the catalogue's prices.
      await services.prices.delete({ name: 'acme' });
      await services.prices.delete({ name: 'our-gpt-4o' });
      await services.prices.reprice({ since_us: testT0 });
      expect((await listed())?.session_cost_usd).toBe('0.04295');
    });
  },
);
