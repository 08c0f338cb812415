import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHub, type Services } from '../services.js';
import { envelope, testBodies, testCaller } from '../testing/index.js';

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'the session list by cost on $dialect',
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

    it('sorts the session list by cost, pages it by cursor, and filters by min_cost_usd', async () => {
      // Sessions of 0 (no priced call), 1, 2 and 3 priced calls of $0.00725 each.
      for (const [id, calls] of [
        ['c0', 0],
        ['c1', 1],
        ['c2', 2],
        ['c3', 3],
      ] as const) {
        const batch = [
          envelope('session.started', testBodies.sessionStarted(id), `${id}:start`),
          envelope(
            'llm.interaction',
            testBodies.llm(id, 'unknown', null, { model_name: 'acme-1' }),
            `${id}:u`,
          ),
          ...Array.from({ length: calls }, (_, i) =>
            envelope(
              'llm.interaction',
              testBodies.llm(id, `l${i}`, null, {
                input_tokens: 1_000,
                cache_read_tokens: 200,
                output_tokens: 500,
              }),
              `${id}:l${i}`,
            ),
          ),
        ];
        expect((await services.ingest.batch({ batch })).errors).toEqual([]);
      }
      const desc = await services.sessions.list({
        sort_by: 'session_cost_usd',
        sort_order: 'desc',
      });
      expect(desc.sessions.map((s) => [s.session_id, s.session_cost_usd])).toEqual([
        ['c3', '0.02175'],
        ['c2', '0.0145'],
        ['c1', '0.00725'],
        ['c0', null],
      ]);
      // Keyset pages walk the same order.
      const first = await services.sessions.list({
        sort_by: 'session_cost_usd',
        sort_order: 'asc',
        page_size: 3,
      });
      expect(first.sessions.map((s) => s.session_id)).toEqual(['c0', 'c1', 'c2']);
      const cursor = first.next_cursor;
      expect(cursor).toBeTruthy();
      const second = await services.sessions.list({
        sort_by: 'session_cost_usd',
        sort_order: 'asc',
        page_size: 3,
        ...(cursor ? { cursor } : {}),
      });
      expect(second.sessions.map((s) => s.session_id)).toEqual(['c3']);
      const costly = await services.sessions.list({ min_cost_usd: '0.0145' });
      expect(costly.sessions.map((s) => s.session_id).sort()).toEqual(['c2', 'c3']);
      expect(costly.pagination.total_items).toBe(2);
      expect(costly.filters_applied).toEqual({ min_cost_usd: '0.0145' });
    });
  },
);
