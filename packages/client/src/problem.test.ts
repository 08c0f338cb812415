import { describe, expect, it } from 'vitest';
import { HindsightProblemError, problemFrom, unwrap } from './problem.js';

const problemResponse = (status: number, body: unknown, contentType = 'application/problem+json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType },
  });

describe('problemFrom', () => {
  it('reads status, title, detail, field errors and trace id from a problem document', async () => {
    const error = await problemFrom(
      problemResponse(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'the request is not valid',
        trace_id: 'req-1',
        errors: [{ path: 'query.page_size', message: 'must be a whole number from 1 to 100' }],
      }),
    );
    expect(error).toBeInstanceOf(HindsightProblemError);
    expect(error.status).toBe(400);
    expect(error.title).toBe('Bad Request');
    expect(error.detail).toBe('the request is not valid');
    expect(error.traceId).toBe('req-1');
    expect(error.errors).toEqual([
      { path: 'query.page_size', message: 'must be a whole number from 1 to 100' },
    ]);
    expect(error.message).toBe('Bad Request: the request is not valid');
  });

  it('falls back to the status when the body is not a problem document', async () => {
    const error = await problemFrom(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    expect(error.status).toBe(502);
    expect(error.title).toBe('Bad Gateway');
    expect(error.problem).toBeUndefined();
    expect(error.errors).toEqual([]);
  });
});

describe('unwrap', () => {
  it('returns the body of a 2xx answer and throws the problem of any other', async () => {
    await expect(unwrap(Promise.resolve(Response.json({ ok: 1 })))).resolves.toEqual({ ok: 1 });
    await expect(
      unwrap(problemResponse(404, { type: 'about:blank', title: 'Not Found', status: 404 })),
    ).rejects.toMatchObject({ name: 'HindsightProblemError', status: 404, title: 'Not Found' });
  });
});
