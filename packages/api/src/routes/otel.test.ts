import { gzipSync } from 'node:zlib';
import { DetailedSession, OtlpTraceResponse, ProblemDetails } from '@hindsight/models';
import {
  createTestServices,
  genAiRun,
  otlpRequest,
  type TestServices,
} from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../app.js';
import { decodeTraceResponse, encodeTraceRequest } from '../otlp/trace-codec.js';

const logger = { info: () => {}, warn: () => {}, error: () => {} };
const traceId = '0af7651916cd43dd8448eb211c80319c';
const path = '/api/v1/otel/v1/traces';
const maxBodyBytes = 64 * 1024;

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = v.parse(ProblemDetails, await res.json());
  expect(body.status).toBe(res.status);
  return body;
}

describe('POST /api/v1/otel/v1/traces', () => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  const post = (body: string | Uint8Array<ArrayBuffer> | Buffer, headers: Record<string, string>) =>
    app.request(path, { method: 'POST', body, headers });
  const sessionOf = async (id: string) => {
    const res = await app.request(`/api/v1/history/sessions/${id}`);
    return res.status === 200 ? v.parse(DetailedSession, await res.json()) : null;
  };

  beforeEach(async () => {
    t = await createTestServices();
    app = createApi({ hub: t.hub, logger, auth: { enabled: false }, limits: { maxBodyBytes } });
  });
  afterEach(() => t.dispose());

  it('takes a protobuf export and answers with a protobuf ExportTraceServiceResponse', async () => {
    const res = await post(encodeTraceRequest(otlpRequest(genAiRun(traceId))), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    // Every span is a GenAI span but one HTTP span: counted as ignored, nothing rejected.
    const answer = decodeTraceResponse(new Uint8Array(await res.arrayBuffer()));
    expect(answer.partialSuccess?.rejectedSpans ?? 0).toBe(0);
    expect(answer.partialSuccess?.errorMessage).toMatch(/1 span\(s\) ignored/);
    const session = await sessionOf(traceId);
    expect(session?.stages.map((s) => s.agent)).toEqual(['triage', 'diagnose']);
    const chat = session?.stages[0]?.llm_interactions[0];
    expect(chat?.details).toMatchObject({
      input_tokens: 120,
      output_tokens: 80,
      cache_read_tokens: 40,
      cache_creation_tokens: 10,
      reasoning_tokens: 25,
    });
  });

  it('takes gzip JSON and answers JSON; a span sent twice is stored once', async () => {
    const body = gzipSync(JSON.stringify(otlpRequest(genAiRun(traceId))));
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const first = await post(body, headers);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    v.parse(OtlpTraceResponse, await first.json());
    const before = await sessionOf(traceId);
    expect((await post(body, headers)).status).toBe(200);
    expect(await sessionOf(traceId)).toEqual(before);
    expect(before?.stages.flatMap((s) => s.llm_interactions)).toHaveLength(3);
  });

  it('counts malformed spans in partialSuccess and stores the others', async () => {
    const request = otlpRequest(genAiRun(traceId));
    const spans = request.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [];
    spans.push({ ...(spans[1] as object), spanId: 'not-hex' });
    const res = await post(JSON.stringify(request), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    const answer = v.parse(OtlpTraceResponse, await res.json());
    expect(answer.partialSuccess?.rejectedSpans).toBe(1);
    expect(answer.partialSuccess?.errorMessage).toMatch(/spanId: must be 16 hex digits/);
    expect(await sessionOf(traceId)).not.toBeNull();
  });

  it('refuses a body that does not decode with 400, and stores nothing', async () => {
    const truncated = encodeTraceRequest(otlpRequest(genAiRun(traceId))).slice(0, 50);
    const bad = await post(truncated, { 'content-type': 'application/x-protobuf' });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).detail).toMatch(/not an OTLP ExportTraceServiceRequest/);
    const notJson = await post('{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect((await problemOf(notJson)).detail).toMatch(/not JSON/);
    for (const wrongShape of ['{"resourceSpans": "x"}', '[]', '"text"']) {
      const res = await post(wrongShape, { 'content-type': 'application/json' });
      expect(res.status, wrongShape).toBe(400);
      await problemOf(res);
    }
    const notGzip = await post('plain', {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(notGzip.status).toBe(400);
    expect((await problemOf(notGzip)).detail).toMatch(/not valid gzip/);
    expect(await sessionOf(traceId)).toBeNull();
  });

  it('refuses another content type or encoding with 415', async () => {
    const text = await post('hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect((await problemOf(text)).detail).toMatch(/application\/x-protobuf or application\/json/);
    const brotli = await post('x', {
      'content-type': 'application/json',
      'content-encoding': 'br',
    });
    expect(brotli.status).toBe(415);
    await problemOf(brotli);
  });

  it('refuses a gzip bomb with 413 before inflating it whole', async () => {
    // 10 MB of zeros gzip to about 10 KB: under the body limit, far over it inflated.
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(maxBodyBytes);
    const res = await post(bomb, {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).detail).toMatch(/inflates to more than 65536 bytes/);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await post(Buffer.alloc(maxBodyBytes + 1), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(413);
  });
});

describe('POST /api/v1/otel/v1/traces with auth', () => {
  let t: TestServices;
  afterEach(() => t.dispose());

  it('needs a credential with the ingest scope in the Authorization header', async () => {
    t = await createTestServices();
    const app = createApi({ hub: t.hub, logger });
    const body = encodeTraceRequest(otlpRequest(genAiRun(traceId)));
    const anonymous = await app.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await app.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-protobuf', authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const reader = await t.services.apiKeys.create({ name: 'reader', scopes: ['read'] });
    const forbidden = await app.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${reader.key}` },
    });
    expect(forbidden.status).toBe(403);
    const agent = await t.services.apiKeys.create({ name: 'agent', scopes: ['ingest'] });
    const accepted = await app.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${agent.key}` },
    });
    expect(accepted.status).toBe(200);
  });
});
