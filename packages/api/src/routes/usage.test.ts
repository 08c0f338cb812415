import { ProblemDetails, UsageSummary } from '@hindsight/models';
import {
  createTestServices,
  envelope,
  type TestServices,
  testBodies,
  testT0,
} from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../app.js';
import { createClient } from '../client.js';

const logger = { info: () => {}, warn: () => {}, error: () => {} };
const dayUs = 86_400_000_000;

describe('GET /api/v1/usage/summary', () => {
  let t: TestServices;
  let client: ReturnType<typeof createClient>;
  let app: ReturnType<typeof createApi>;

  beforeAll(async () => {
    t = await createTestServices({ clock: () => testT0 + 2 * dayUs });
    app = createApi({ hub: t.hub, logger, auth: { enabled: false } });
    client = createClient('http://localhost', {
      fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
    });
    await t.services.ingest.batch({
      batch: [
        envelope('session.started', testBodies.sessionStarted('s1'), 'e1'),
        envelope('llm.interaction', testBodies.llm('s1', 'l1', null), 'e2'),
        envelope(
          'llm.interaction',
          testBodies.llm('s1', 'l2', null, {
            model_name: 'claude-sonnet-4',
            provider: 'anthropic',
          }),
          'e3',
        ),
      ],
    });
  });
  afterAll(() => t.dispose());

  it('answers the summary through the typed client', async () => {
    const res = await client.api.v1.usage.summary.$get({ query: { group_by: 'model' } });
    expect(res.status).toBe(200);
    const summary = v.parse(UsageSummary, await res.json());
    expect(summary.totals.map((r) => [r.group, r.llm_calls, r.input_tokens])).toEqual([
      ['claude-sonnet-4', 1, 100],
      ['gpt-4o', 1, 100],
    ]);
    expect(summary.rows.map((r) => r.bucket_start_us)).toEqual([testT0, testT0]);
    // Both models are in the price catalogue: each group has a cost, and no unpriced call.
    expect(summary.totals.map((r) => [Number(r.cost_usd) > 0, r.unpriced_llm_calls])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });

  it.each([
    ['bucket=month', 'query.bucket'],
    ['group_by=colour', 'query.group_by'],
    ['start_date_us=yesterday', 'query.start_date_us'],
    [`start_date_us=${testT0}&end_date_us=${testT0}`, 'query.end_date_us'],
    [`bucket=hour&start_date_us=0&end_date_us=${2000 * 3_600_000_000}`, 'query.end_date_us'],
  ])('refuses %s with a 400 naming %s', async (query, path) => {
    const res = await app.request(`/api/v1/usage/summary?${query}`);
    expect(res.status).toBe(400);
    const problem = v.parse(ProblemDetails, await res.json());
    expect(problem.errors?.map((e) => e.path)).toEqual([path]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { get?: { tags?: string[] } }>;
    };
    expect(doc.paths['/api/v1/usage/summary']?.get?.tags).toEqual(['usage']);
  });
});
