import { ProblemDetails } from '@hindsight/models';
import * as v from 'valibot';
import { expect } from 'vitest';

/**
 * Asserts that a response is RFC 9457 problem details with the request's
 * trace id, and that nothing in it looks like a stack trace.
 */
export async function expectProblem(res: Response, status?: number): Promise<ProblemDetails> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const text = await res.text();
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(text).not.toMatch(/node_modules|\.ts:\d+|Error: /);
  const body = v.parse(ProblemDetails, JSON.parse(text));
  expect(body.trace_id).not.toBe('');
  expect(body.trace_id).toBe(res.headers.get('x-request-id'));
  if (status !== undefined) expect(body.status).toBe(status);
  expect(body.status).toBe(res.status);
  return body;
}
