import { UsageSummary } from '@hindsight/models';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUsd } from '../cost/usd.js';
import {
  createTestServices,
  envelope,
  type TestServices,
  testBodies,
  testDrivers,
  testT0,
} from '../testing/index.js';
import { bucketStart, wholeBuckets } from './buckets.js';
import { bucketValue, percentiles } from './latency.js';

const hourUs = 3_600_000_000;

/** The body without its null fields: an absent duration or provider is left out, not null. */
function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}
const dayUs = 24 * hourUs;

describe('buckets', () => {
  it('starts days at UTC midnight and weeks on Monday', () => {
    // testT0 is Thursday 2026-01-01T00:00:00Z; the Monday before is 2025-12-29.
    expect(bucketStart('day', testT0 + 5 * hourUs)).toBe(testT0);
    expect(bucketStart('hour', testT0 + hourUs + 1)).toBe(testT0 + hourUs);
    expect(new Date(bucketStart('week', testT0) / 1000).toISOString()).toBe(
      '2025-12-29T00:00:00.000Z',
    );
    expect(new Date(bucketStart('week', testT0 + 4 * dayUs) / 1000).toISOString()).toBe(
      '2026-01-05T00:00:00.000Z',
    );
    expect(wholeBuckets('day', testT0 + 1, testT0 + dayUs + 1)).toEqual({
      startUs: testT0,
      endUs: testT0 + 2 * dayUs,
    });
  });
});

describe('latency percentiles', () => {
  it('are the nearest rank, within about 5% of the exact value', () => {
    const durations = Array.from({ length: 1000 }, (_, i) => 3 + i * 7);
    const histogram: Record<string, number> = {};
    for (const ms of durations) {
      const bucket = String(1 + Math.floor(Math.log(ms) / Math.log(1.1)));
      histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    }
    const exact = (share: number) => durations[Math.ceil(share * durations.length) - 1] as number;
    const p = percentiles(histogram);
    for (const [share, value] of [
      [0.5, p.p50],
      [0.95, p.p95],
      [0.99, p.p99],
    ] as const) {
      expect(Math.abs((value as number) - exact(share)) / exact(share)).toBeLessThan(0.05);
    }
    expect(percentiles({})).toEqual({ p50: null, p95: null, p99: null });
    expect(bucketValue(0)).toBe(0);
  });
});

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('usage summary on $dialect', (driver) => {
  let t: TestServices;
  const calls = [
    // session, call, hours after testT0, model, provider, duration, success, input, output, cache read, reasoning
    ['a', 1, 0, 'gpt-4o', 'openai', 100, true, 1000, 100, 400, 0],
    ['a', 2, 1, 'gpt-4o', 'openai', 200, false, 500, 50, 0, 0],
    ['a', 3, 26, 'claude-sonnet-4', 'anthropic', 1000, true, 2000, 300, 1500, 120],
    ['b', 1, 2, 'gpt-4o', 'openai', 300, true, 800, 80, 0, 40],
    ['b', 2, 3, 'claude-sonnet-4', 'anthropic', 400, true, 900, 90, 0, 0],
    ['c', 1, 30, 'claude-sonnet-4', null, 50, true, 10, 1, 0, 0],
  ] as const;

  beforeAll(async () => {
    t = await createTestServices({ driver, clock: () => testT0 + 3 * dayUs });
    const batch = [
      envelope('session.started', testBodies.sessionStarted('a', { agent_type: 'sre' }), 'a0'),
      envelope('session.started', testBodies.sessionStarted('b', { agent_type: 'sre' }), 'b0'),
      envelope(
        'session.started',
        testBodies.sessionStarted('c', { agent_type: 'support', alert_type: null }),
        'c0',
      ),
      ...calls.map(
        ([s, n, hours, model, provider, duration, success, input, output, read, reasoning]) =>
          envelope(
            'llm.interaction',
            withoutNulls(
              testBodies.llm(s, `${s}-${n}`, null, {
                timestamp_us: testT0 + hours * hourUs + 1,
                model_name: model,
                provider,
                duration_ms: duration,
                success,
                ...(success ? {} : { error_message: 'rate limited' }),
                input_tokens: input,
                output_tokens: output,
                cache_read_tokens: read,
                reasoning_tokens: reasoning,
              }),
            ),
            `${s}-${n}`,
          ),
      ),
    ];
    const result = await t.services.ingest.batch({ batch });
    expect(result.errors).toEqual([]);
  });
  afterAll(() => t.dispose());

  const summary = async (query: Record<string, unknown>) =>
    v.parse(UsageSummary, await t.services.usage.summary(query));

  it('sums by day over the last 30 days by default, each session counted once', async () => {
    const day = await summary({});
    expect(day.bucket).toBe('day');
    // The clock stands at a midnight: 30 whole days end there.
    expect(day.end_date_us - day.start_date_us).toBe(30 * dayUs);
    expect(
      day.rows.map((r) => [r.bucket_start_us - testT0, r.group, r.sessions, r.llm_calls]),
    ).toEqual([
      [0, null, 2, 4],
      [dayUs, null, 1, 2],
    ]);
    expect(day.totals).toEqual([
      expect.objectContaining({
        group: null,
        sessions: 3,
        llm_calls: 6,
        llm_errors: 1,
        error_rate: 1 / 6,
        input_tokens: 5210,
        output_tokens: 621,
        cache_read_tokens: 1900,
        reasoning_tokens: 160,
      }),
    ]);
    // Six calls of 50, 100, 200, 300, 400 and 1000 ms: the third is the median (nearest rank).
    expect(day.totals[0]?.latency_ms.p50).toBeCloseTo(200, -1);
    expect(day.totals[0]?.latency_ms.p99).toBeCloseTo(1000, -2);
  });

  it('groups by model, counting a session once per model', async () => {
    const byModel = await summary({
      group_by: 'model',
      start_date_us: testT0,
      end_date_us: testT0 + 2 * dayUs,
    });
    expect(byModel.totals.map((r) => [r.group, r.sessions, r.llm_calls])).toEqual([
      ['claude-sonnet-4', 3, 3],
      ['gpt-4o', 2, 3],
    ]);
  });

  it('groups by provider and session fields, a missing value as null', async () => {
    const byProvider = await summary({
      group_by: 'provider',
      start_date_us: testT0,
      end_date_us: testT0 + 2 * dayUs,
    });
    expect(byProvider.totals.map((r) => [r.group, r.sessions, r.llm_calls])).toEqual([
      ['openai', 2, 3],
      ['anthropic', 2, 2],
      [null, 1, 1],
    ]);
    const byAlert = await summary({
      group_by: 'alert_type',
      bucket: 'week',
      start_date_us: testT0,
      end_date_us: testT0 + 2 * dayUs,
    });
    expect(byAlert.rows.map((r) => [r.group, r.sessions, r.llm_calls])).toEqual([
      ['PodCrashLooping', 2, 5],
      [null, 1, 1],
    ]);
    const byAgent = await summary({
      group_by: 'agent_type',
      bucket: 'hour',
      start_date_us: testT0,
      end_date_us: testT0 + 4 * hourUs,
    });
    expect(
      byAgent.rows.map((r) => [r.bucket_start_us - testT0, r.group, r.sessions, r.llm_calls]),
    ).toEqual([
      [0, 'sre', 1, 1],
      [hourUs, 'sre', 0, 1],
      [2 * hourUs, 'sre', 1, 1],
      [3 * hourUs, 'sre', 0, 1],
    ]);
  });

  it('answers the same once the rollup is refreshed', async () => {
    const before = await summary({
      group_by: 'chain_id',
      bucket: 'hour',
      start_date_us: testT0,
      end_date_us: testT0 + 2 * dayUs,
    });
    const refreshed = await t.services.usage.refresh({});
    expect(refreshed.rebuilt_hours).toBe(6);
    expect(refreshed.stale_hours).toBe(0);
    expect(
      await summary({
        group_by: 'chain_id',
        bucket: 'hour',
        start_date_us: testT0,
        end_date_us: testT0 + 2 * dayUs,
      }),
    ).toEqual(before);
    expect(before.rows).toHaveLength(6);
  });

  it("sums the cost the calls were priced at, exactly the sessions' totals", async () => {
    const list = await t.services.sessions.list({ page_size: 100 });
    const sessionsTotal = list.sessions.reduce(
      (sum, s) => sum + fromUsd(s.session_cost_usd ?? '0'),
      0n,
    );
    expect(sessionsTotal > 0n).toBe(true);
    const day = await summary({});
    expect(fromUsd(day.totals[0]?.cost_usd ?? '0')).toBe(sessionsTotal);
    const byModel = await summary({ group_by: 'model', bucket: 'hour' });
    expect(byModel.rows.reduce((sum, r) => sum + fromUsd(r.cost_usd), 0n)).toBe(sessionsTotal);
    // Every call names a model the catalogue prices: none is left out of the sum.
    expect(day.totals[0]?.unpriced_llm_calls).toBe(0);
  });

  it('refuses a range of too many buckets or an unknown grouping, naming the field', async () => {
    await expect(
      t.services.usage.summary({ bucket: 'hour', start_date_us: 0, end_date_us: 2000 * hourUs }),
    ).rejects.toMatchObject({ problems: [expect.objectContaining({ path: 'end_date_us' })] });
    await expect(t.services.usage.summary({ group_by: 'colour' })).rejects.toMatchObject({
      problems: [expect.objectContaining({ path: 'group_by' })],
    });
  });
});
