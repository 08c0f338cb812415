import type { ProblemDetails } from '@hindsight/models';
import { describe, expectTypeOf, it } from 'vitest';
import { createClient, type ProblemStatus } from './client.js';
import { unwrap } from './problem.js';
import { sessionListQuery } from './session-list.js';

const client = createClient('http://hindsight.test');
const detail = () => client.api.v1.history.sessions[':id'].$get({ param: { id: 's1' } });
type Detail = Awaited<ReturnType<typeof detail>>;

describe('the typed client knows the error answers', () => {
  it('narrows a 404 to a problem document', async () => {
    const res = await detail();
    if (res.status === 404) {
      expectTypeOf(res.ok).toEqualTypeOf<false>();
      expectTypeOf(await res.json()).toEqualTypeOf<ProblemDetails>();
    }
    if (res.status === 200) expectTypeOf(await res.json()).toHaveProperty('stages');
  });

  it('types the body of a 200 as the session and of any failure as a problem', () => {
    type Success = Extract<Detail, { ok: true }>;
    expectTypeOf<Awaited<ReturnType<Success['json']>>>().toHaveProperty('stages');
    type Failure = Extract<Detail, { ok: false }>;
    expectTypeOf<Failure['status']>().toEqualTypeOf<ProblemStatus>();
    expectTypeOf<Awaited<ReturnType<Failure['json']>>>().toEqualTypeOf<ProblemDetails>();
  });

  it('unwrap resolves to the success body alone', () => {
    expectTypeOf(unwrap(detail())).resolves.toHaveProperty('stages');
    expectTypeOf(unwrap(detail())).resolves.not.toHaveProperty('title');
  });

  it('refuses query parameters the session list does not have', () => {
    // @ts-expect-error a typo is not a parameter
    sessionListQuery({ page_sizee: 10 });
    // @ts-expect-error page_size is a number
    sessionListQuery({ page_size: '10' });
    expectTypeOf(sessionListQuery({ page_size: 10 })).toEqualTypeOf<
      Record<string, string | string[]>
    >();
  });
});
