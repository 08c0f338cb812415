import { PaginatedSessions, ProblemDetails } from '@hindsight/models';
import { costRun, createTestServices, type TestServices } from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../app.js';

const logger = { info: () => {}, warn: () => {}, error: () => {} };

describe('the session list by cost over HTTP', () => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  beforeEach(async () => {
    t = await createTestServices();
    app = createApi({ hub: t.hub, logger, auth: { enabled: false } });
    for (const id of ['a', 'b']) {
      expect((await t.services.ingest.batch({ batch: costRun(id) })).errors).toEqual([]);
    }
  });
  afterEach(() => t.dispose());

  it('sorts by session_cost_usd and filters by min_cost_usd, echoing the filter', async () => {
    const res = await app.request(
      '/api/v1/history/sessions?sort_by=session_cost_usd&sort_order=asc&min_cost_usd=0.04295',
    );
    expect(res.status).toBe(200);
    const page = v.parse(PaginatedSessions, await res.json());
    expect(page.sessions.map((s) => [s.session_id, s.session_cost_usd])).toEqual([
      ['a', '0.04295'],
      ['b', '0.04295'],
    ]);
    expect(page.filters_applied).toEqual({ min_cost_usd: '0.04295' });
    const none = await app.request('/api/v1/history/sessions?min_cost_usd=0.05');
    expect(v.parse(PaginatedSessions, await none.json()).sessions).toEqual([]);
  });

  it('answers 400 at query.min_cost_usd for an amount that is not a decimal', async () => {
    for (const bad of ['-1', '1e3', 'abc', '0.1234567890123']) {
      const res = await app.request(`/api/v1/history/sessions?min_cost_usd=${bad}`);
      expect(res.status, bad).toBe(400);
      const problem = v.parse(ProblemDetails, await res.json());
      expect(problem.errors?.map((e) => e.path)).toEqual(['query.min_cost_usd']);
    }
  });
});
