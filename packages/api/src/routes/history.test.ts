import {
  FilterOptions,
  FinalAnalysisResponse,
  PaginatedSessions,
  ProblemDetails,
  SessionOverview,
  SessionStats,
} from '@hindsight/models';
import { demoSessions } from '@hindsight/service';
import { createTestServices, type TestServices } from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../app.js';
import { createClient } from '../client.js';

const nowUs = 1_767_225_600_000_000;
const demos = demoSessions(nowUs);
const completedId = demos.find((d) => d.session.status === 'completed')?.session.session_id ?? '';
const runningId = demos.find((d) => d.session.status === 'in_progress')?.session.session_id ?? '';
const base = '/api/v1/history';

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return v.parse(ProblemDetails, await res.json());
}

describe('history routes', () => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  beforeAll(async () => {
    t = await createTestServices();
    await t.services.demo.seed({ now_us: nowUs });
    app = createApi({
      hub: t.hub,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      auth: { enabled: false },
    });
  });
  afterAll(() => t.dispose());

  async function list(query: string) {
    const res = await app.request(`${base}/sessions${query}`);
    expect(res.status).toBe(200);
    return v.parse(PaginatedSessions, await res.json());
  }

  describe('GET /sessions', () => {
    it('lists every session, newest first, as PaginatedSessions', async () => {
      const page = await list('');
      expect(page.sessions.map((s) => s.session_id)).toEqual(
        [...demos]
          .sort((a, b) => b.session.started_at_us - a.session.started_at_us)
          .map((d) => d.session.session_id),
      );
      expect(page.pagination).toEqual({ page: 1, page_size: 20, total_pages: 1, total_items: 3 });
      expect(page.next_cursor).toBeNull();
    });

    it('filters by repeated and comma-separated statuses and echoes them', async () => {
      for (const query of ['?status=failed&status=completed', '?status=completed,failed']) {
        const page = await list(query);
        expect(page.sessions.map((s) => s.status).sort()).toEqual(['completed', 'failed']);
        expect(page.filters_applied).toEqual({ status: ['completed', 'failed'] });
      }
    });

    it('searches alert data, analyses and LLM messages', async () => {
      const byPod = await list('?search=checkout-api-7f9');
      expect(byPod.sessions.map((s) => s.session_id)).toEqual([completedId]);
      expect(byPod.filters_applied).toEqual({ search: 'checkout-api-7f9' });
      expect((await list('?search=no-such-thing-anywhere')).sessions).toEqual([]);
    });

    it('pages with a cursor, and refuses it with other filters', async () => {
      const first = await list('?page_size=1&sort_by=alert_type&sort_order=asc');
      expect(first.next_cursor).not.toBeNull();
      const cursor = first.next_cursor ?? '';
      const second = await list(`?page_size=1&sort_by=alert_type&sort_order=asc&cursor=${cursor}`);
      expect(second.pagination.page).toBe(2);
      expect(second.sessions[0]?.session_id).not.toBe(first.sessions[0]?.session_id);

      const res = await app.request(`${base}/sessions?page_size=1&sort_by=author&cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['query.cursor']);
    });

    it.each([
      ['page_size=0', 'query.page_size'],
      ['page_size=101', 'query.page_size'],
      ['page_size=ten', 'query.page_size'],
      ['page=0', 'query.page'],
      ['page=1&page=2', 'query.page'],
      ['page=1e3', 'query.page'],
      ['sort_by=alert_data', 'query.sort_by'],
      ['sort_order=sideways', 'query.sort_order'],
      ['status=done', 'query.status.0'],
      ['status=completed&status=', 'query.status.1'],
      ['agent_type=', 'query.agent_type'],
      ['alert_type=', 'query.alert_type'],
      ['search=ab', 'query.search'],
      ['search=%20%20abc%20', null],
      ['start_date_us=yesterday', 'query.start_date_us'],
      ['end_date_us=-1', 'query.end_date_us'],
      ['start_date_us=5&end_date_us=5', 'query.end_date_us'],
      ['start_date_us=9&end_date_us=5', 'query.end_date_us'],
      ['cursor=not!a!cursor', 'query.cursor'],
      ['cursor=eyJ2IjoxfQ', 'query.cursor'],
      ['page=2&cursor=eyJ2IjoxfQ', 'query.cursor'],
    ])('answers ?%s with a 400 naming %s', async (query, path) => {
      const res = await app.request(`${base}/sessions?${query}`);
      if (path === null) {
        expect(res.status).toBe(200);
        return;
      }
      expect(res.status).toBe(400);
      const body = await problemOf(res);
      expect(body.errors?.map((e) => e.path)).toContain(path);
    });

    it('refuses page together with a valid cursor, at page', async () => {
      const { next_cursor } = await list('?page_size=1');
      const res = await app.request(`${base}/sessions?page_size=1&page=2&cursor=${next_cursor}`);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['query.page']);
    });

    it('works through the typed client', async () => {
      const client = createClient('http://hindsight.test', {
        fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
      });
      const res = await client.api.v1.history.sessions.$get({
        query: { status: ['completed', 'failed'], page_size: '1' },
      });
      expect(res.status).toBe(200);
      if (res.status === 200) {
        const body = await res.json();
        expect(body.pagination.total_items).toBe(2);
        expect(body.next_cursor).not.toBeNull();
      }
    });
  });

  describe('GET /sessions/{id}', () => {
    it('answers a finished session with a strong ETag and 304 when it matches', async () => {
      const url = `${base}/sessions/${completedId}`;
      const first = await app.request(url);
      expect(first.status).toBe(200);
      const tag = first.headers.get('etag') ?? '';
      expect(tag).toMatch(/^"[^"]+"$/);
      expect((await app.request(url)).headers.get('etag')).toBe(tag);

      const cached = await app.request(url, { headers: { 'If-None-Match': tag } });
      expect(cached.status).toBe(304);
      expect(await cached.text()).toBe('');
      expect(cached.headers.get('etag')).toBe(tag);
      const listed = await app.request(url, { headers: { 'If-None-Match': `"other", ${tag}` } });
      expect(listed.status).toBe(304);

      const stale = await app.request(url, { headers: { 'If-None-Match': '"stale"' } });
      expect(stale.status).toBe(200);
      expect(((await stale.json()) as { session_id: string }).session_id).toBe(completedId);
    });

    it('gives different sessions different ETags', async () => {
      const a = await app.request(`${base}/sessions/${completedId}`);
      const b = await app.request(`${base}/sessions/${runningId}`);
      expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    });

    it('answers 404 for an unknown session, without an ETag', async () => {
      const res = await app.request(`${base}/sessions/nope`, { headers: { 'If-None-Match': '*' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('etag')).toBeNull();
    });
  });

  describe('GET /sessions/{id}/summary', () => {
    it('answers SessionStats with stages by agent', async () => {
      const res = await app.request(`${base}/sessions/${completedId}/summary`);
      expect(res.status).toBe(200);
      const stats = v.parse(SessionStats, await res.json());
      expect(stats.total_interactions).toBeGreaterThan(0);
      expect(Object.keys(stats.chain_statistics.stages_by_agent).length).toBeGreaterThan(0);
    });

    it('answers 404 and 400 as problems', async () => {
      expect((await app.request(`${base}/sessions/nope/summary`)).status).toBe(404);
      const res = await app.request(`${base}/sessions/${'x'.repeat(256)}/summary`);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['param.id']);
    });
  });

  describe('GET /active-sessions and /filter-options', () => {
    it('lists the running sessions', async () => {
      const res = await app.request(`${base}/active-sessions`);
      expect(res.status).toBe(200);
      const sessions = v.parse(v.array(SessionOverview), await res.json());
      expect(sessions.map((s) => s.session_id)).toEqual([runningId]);
    });

    it('lists the filter options', async () => {
      const res = await app.request(`${base}/filter-options`);
      expect(res.status).toBe(200);
      const options = v.parse(FilterOptions, await res.json());
      expect(options.agent_types.length).toBeGreaterThan(0);
      expect(options.status_options).toContain('timed_out');
    });
  });

  describe('GET /sessions/{id}/final-analysis', () => {
    it('answers the analysis, with the conversation when asked', async () => {
      const url = `${base}/sessions/${completedId}/final-analysis`;
      const plain = v.parse(FinalAnalysisResponse, await (await app.request(url)).json());
      expect(plain.final_analysis).toContain('Root cause');
      expect(plain.llm_conversation).toBeNull();
      const res = await app.request(`${url}?include_conversation=true`);
      const full = v.parse(FinalAnalysisResponse, await res.json());
      expect(full.llm_conversation?.messages.length).toBeGreaterThan(0);
    });

    it('answers 400 for a bad flag and 404 for an unknown session', async () => {
      const bad = await app.request(
        `${base}/sessions/${completedId}/final-analysis?include_conversation=maybe`,
      );
      expect(bad.status).toBe(400);
      expect((await problemOf(bad)).errors?.map((e) => e.path)).toEqual([
        'query.include_conversation',
      ]);
      expect((await app.request(`${base}/sessions/nope/final-analysis`)).status).toBe(404);
    });
  });
});
