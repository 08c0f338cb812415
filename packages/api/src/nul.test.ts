import { ProblemDetails } from '@hindsight/models';
import { createTestServices, type TestServices, testDrivers } from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './app.js';

// PostgreSQL cannot store NUL in text or jsonb; wherever it enters, it is a 400
// naming the field, on every driver, never a 500 from the database.

const history = '/api/v1/history';

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('NUL in input, on $dialect', (driver) => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;

  beforeAll(async () => {
    t = await createTestServices({ driver });
    app = createApi({
      hub: t.hub,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      auth: { enabled: false },
    });
  });
  afterAll(() => t.dispose());

  async function expectNamed(res: Response, path: string) {
    expect(res.status).toBe(400);
    const problem = v.parse(ProblemDetails, await res.json());
    expect(problem.errors?.map((e) => e.path)).toContain(path);
  }

  it.each([
    [`${history}/sessions?agent_type=sre%00`, 'query.agent_type'],
    [`${history}/sessions?alert_type=%00disk`, 'query.alert_type'],
    [`${history}/sessions?search=disk%00full`, 'query.search'],
    [`${history}/sessions?status=completed%00`, 'query.status'],
    [`${history}/sessions?sort_by=status%00`, 'query.sort_by'],
    [`${history}/sessions?cursor=abc%00`, 'query.cursor'],
    [`${history}/sessions?unknown%00=1`, 'query.unknown\u0000'],
    [`${history}/sessions/abc%00`, 'param.id'],
    [`${history}/sessions/abc%00/summary`, 'param.id'],
    [`${history}/sessions/abc%00/final-analysis`, 'param.id'],
    [
      `${history}/sessions/abc/final-analysis?include_conversation=true%00`,
      'query.include_conversation',
    ],
    ['/api/v1/admin/api-keys/key%00', 'param.id'],
  ])('GET %s names %s', async (url, path) => {
    const method = url.startsWith('/api/v1/admin') ? 'DELETE' : 'GET';
    await expectNamed(await app.request(url, { method }), path);
  });

  it('names a NUL in a JSON body, in a value or in a key', async () => {
    const create = (body: unknown) =>
      app.request('/api/v1/admin/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await expectNamed(await create({ name: 'ci\u0000', scopes: ['read'] }), 'json.name');
    await expectNamed(await create({ name: 'ci', scopes: ['read'], 'x\u0000': 1 }), 'json.x\u0000');
  });

  it('answers a NUL in an ingest event as a 400 for that event, naming the field', async () => {
    const res = await app.request('/api/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        session_id: 's\u0000',
        alert_id: 'a',
        alert_type: 'DiskFull',
        agent_type: 'sre',
        alert_data: { 'host\u0000': 'db-1' },
        chain_id: 'c',
        chain_definition: {},
        started_at_us: 1,
      }),
    });
    expect(res.status).toBe(400);
    const problem = v.parse(ProblemDetails, await res.json());
    expect(JSON.stringify(problem.errors)).toContain('session_id');
  });
});
