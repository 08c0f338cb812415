import {
  DetailedSession,
  PriceOverrideList,
  ProblemDetails,
  StoredPriceOverride,
} from '@hindsight/models';
import { PriceBook } from '@hindsight/service';
import { testRun } from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness.js';

const fileOverride = {
  name: 'from-file',
  provider: null,
  model: 'private-*',
  effective_from_us: 0,
  input_per_mtok: 1,
  output_per_mtok: 1,
  cache_read_per_mtok: null,
  cache_creation_per_mtok: null,
};

describe('admin price routes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({}, { pricing: new PriceBook({ fileOverrides: [fileOverride] }) });
  });
  afterEach(() => h.dispose());

  const send = (method: string, path: string, key: string, body?: unknown) =>
    h.app.request(`/api/v1/admin/prices${path}`, {
      method,
      headers: { ...h.bearer(key), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('lists the file overrides, stores, replaces and deletes overrides (admin)', async () => {
    const first = await send('PUT', '/acme-ft', h.keys.admin, {
      model: 'acme-ft-*',
      input_per_mtok: 1,
      output_per_mtok: 2,
    });
    expect(first.status).toBe(200);
    expect(v.parse(StoredPriceOverride, await first.json())).toMatchObject({
      replaced: false,
      override: { name: 'acme-ft', provider: null, effective_from_us: 0 },
    });
    const again = await send('PUT', '/acme-ft', h.keys.admin, {
      model: 'acme-ft-*',
      input_per_mtok: 3,
      output_per_mtok: 4,
      cache_read_per_mtok: 0.3,
    });
    expect(v.parse(StoredPriceOverride, await again.json()).replaced).toBe(true);
    const list = v.parse(PriceOverrideList, await (await send('GET', '', h.keys.admin)).json());
    expect(list.overrides.map((o) => [o.name, o.source, o.input_per_mtok])).toEqual([
      ['acme-ft', 'stored', 3],
      ['from-file', 'file', 1],
    ]);
    expect((await send('DELETE', '/acme-ft', h.keys.admin)).status).toBe(200);
    const missing = await send('DELETE', '/acme-ft', h.keys.admin);
    expect(missing.status).toBe(404);
    expect(v.parse(ProblemDetails, await missing.json()).detail).toContain('acme-ft');
  });

  it('reprices stored calls with the overrides in force', async () => {
    const run = testRun('s1', { stages: 1, llmPerStage: 2, mcpPerStage: 0 });
    expect((await h.services.ingest.batch({ batch: run })).errors).toEqual([]);
    await send('PUT', '/cheap-4o', h.keys.admin, {
      model: 'gpt-4o',
      input_per_mtok: 10_000,
      output_per_mtok: 0,
    });
    const res = await send('POST', '/reprice', h.keys.admin, { batch_size: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ calls_examined: 2, calls_changed: 2, batches: 2 });
    const session = v.parse(
      DetailedSession,
      await (
        await h.app.request('/api/v1/history/sessions/s1', { headers: h.bearer(h.keys.read) })
      ).json(),
    );
    // Two calls of 100 input tokens at $10,000/M.
    expect(session.session_cost_usd).toBe('2');
  });

  it('refuses a caller without the admin scope (403) and one without a key (401)', async () => {
    for (const key of [h.keys.read, h.keys.ingest, h.keys.control]) {
      expect((await send('GET', '', key)).status).toBe(403);
      expect(
        (await send('PUT', '/x', key, { model: 'x', input_per_mtok: 1, output_per_mtok: 1 }))
          .status,
      ).toBe(403);
      expect((await send('DELETE', '/x', key)).status).toBe(403);
      expect((await send('POST', '/reprice', key, {})).status).toBe(403);
    }
    expect((await h.app.request('/api/v1/admin/prices')).status).toBe(401);
  });

  it('answers 400 with the path of each bad field', async () => {
    const res = await send('PUT', '/bad', h.keys.admin, {
      model: '',
      input_per_mtok: -1,
      output_per_mtok: 'cheap',
      cache_read_per_mtok: Number.MAX_SAFE_INTEGER,
    });
    expect(res.status).toBe(400);
    const problem = v.parse(ProblemDetails, await res.json());
    expect(new Set(problem.errors?.map((e) => e.path))).toEqual(
      new Set([
        'json.model',
        'json.input_per_mtok',
        'json.output_per_mtok',
        'json.cache_read_per_mtok',
      ]),
    );
    const batch = await send('POST', '/reprice', h.keys.admin, { batch_size: 0 });
    expect(batch.status).toBe(400);
    expect(v.parse(ProblemDetails, await batch.json()).errors?.map((e) => e.path)).toEqual([
      'json.batch_size',
    ]);
  });
});
