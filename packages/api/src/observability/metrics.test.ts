import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness.js';

describe('GET /metrics', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.dispose());

  const metrics = async () => {
    const res = await h.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('counts requests by method, route pattern and status, with a duration histogram', async () => {
    await h.app.request('/api/v1/history/sessions/a', { headers: h.bearer(h.keys.read) });
    await h.app.request('/api/v1/history/sessions/b', { headers: h.bearer(h.keys.read) });
    await h.app.request('/nowhere/at/all');
    const text = await metrics();
    expect(text).toContain(
      'hindsight_http_requests_total{method="GET",route="/api/v1/history/sessions/:id",status="404"} 2',
    );
    expect(text).toContain(
      'hindsight_http_requests_total{method="GET",route="unmatched",status="404"} 1',
    );
    expect(text).toMatch(
      /hindsight_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/history\/sessions\/:id",status="404"\} 2/,
    );
    // Raw paths never become labels.
    expect(text).not.toContain('/sessions/a"');
  });

  it('counts validation failures by model, auth failures by reason, and rate limiting', async () => {
    await h.app.request('/api/v1/admin/api-keys', {
      method: 'POST',
      headers: { ...h.bearer(h.keys.admin), 'content-type': 'application/json' },
      body: '{"name":"x","scopes":[]}',
    });
    await h.app.request('/api/v1/admin/api-keys');
    await h.app.request('/api/v1/admin/api-keys', { headers: h.bearer(h.keys.read) });
    const text = await metrics();
    expect(text).toContain(
      'hindsight_validation_failures_total{model="CreateApiKeyRequest",target="json"} 1',
    );
    expect(text).toContain('hindsight_auth_failures_total{reason="missing"} 1');
    expect(text).toContain('hindsight_auth_failures_total{reason="scope"} 1');
    expect(text).toContain('# TYPE hindsight_ingest_events_total counter');
    expect(text).toContain('# TYPE hindsight_rate_limited_total counter');
  });

  it('tracks the database: up after a readiness check, errors and down once it is gone', async () => {
    await h.app.request('/ready');
    expect(await metrics()).toContain('hindsight_database_up 1');
    await h.dispose();
    await h.app.request('/ready');
    await h.app.request('/api/v1/history/sessions/a', { headers: h.bearer(h.keys.read) });
    const text = await metrics();
    expect(text).toContain('hindsight_database_up 0');
    expect(text).toContain('hindsight_database_errors_total{kind="unavailable"} 2');
  });
});
