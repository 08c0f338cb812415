import { gunzipSync } from 'node:zlib';
import { ProblemDetails } from '@hindsight/models';
import { createTestServices, type TestServices, testRun } from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../app.js';
import { csvColumns } from './lifecycle.js';

const logger = { info: () => {}, warn: () => {}, error: () => {} };

describe('data lifecycle routes', () => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  const call = (method: string, path: string) => app.request(`/api/v1${path}`, { method });
  beforeEach(async () => {
    t = await createTestServices();
    app = createApi({ hub: t.hub, logger, auth: { enabled: false } });
  });
  afterEach(() => t.dispose());

  async function seed(count: number, options: Parameters<typeof testRun>[1] = { stages: 0 }) {
    const ids = Array.from({ length: count }, (_, i) => `s${String(i).padStart(4, '0')}`);
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100).flatMap((id) => testRun(id, options));
      expect((await t.services.ingest.batch({ batch })).errors).toEqual([]);
    }
    return ids;
  }

  it('deletes a session (200), then answers 410 for it and 404 for an unknown one', async () => {
    await seed(1, { stages: 1, llmPerStage: 1, mcpPerStage: 1 });
    const res = await call('DELETE', '/history/sessions/s0000');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      session_id: 's0000',
      deleted: { sessions: 1, stages: 1, llm_interactions: 1, mcp_communications: 1 },
    });
    expect((await call('GET', '/history/sessions/s0000')).status).toBe(404);
    const again = await call('DELETE', '/history/sessions/s0000');
    expect(again.status).toBe(410);
    expect(v.parse(ProblemDetails, await again.json()).detail).toMatch(/was deleted/);
    expect((await call('DELETE', '/history/sessions/never')).status).toBe(404);
  });

  it('streams every matching session as JSON Lines across pages, in id order', async () => {
    const ids = await seed(250);
    const res = await call('GET', '/export/sessions?format=jsonl');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text()).trimEnd().split('\n');
    const sessions = lines.map((line) => JSON.parse(line) as { session_id: string; stages: [] });
    expect(sessions.map((s) => s.session_id)).toEqual(ids);
    expect(sessions[0]).toHaveProperty('stages');
  });

  it('applies the list filters, writes CSV with a header, and gzips when asked', async () => {
    await seed(3);
    const running = testRun('r1', { stages: 0, running: true });
    expect((await t.services.ingest.batch({ batch: running })).errors).toEqual([]);
    const csv = await call('GET', '/export/sessions?format=csv&status=completed');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trimEnd().split('\r\n');
    expect(rows[0]).toBe(csvColumns.join(','));
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual(['s0000', 's0001', 's0002']);
    const gz = await call('GET', '/export/sessions?gzip=true');
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    const text = gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(4);
  });

  it('refuses a bad filter or format with a 400 naming the parameter', async () => {
    const res = await call('GET', '/export/sessions?format=xml');
    expect(res.status).toBe(400);
    const bad = await call('GET', '/export/sessions?status=nonsense');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/query\.status/);
  });
});
