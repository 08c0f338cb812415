import { describe, expect, expectTypeOf, it } from 'vitest';
import { type SessionListParams, sessionListQuery } from './session-list.js';

describe('sessionListQuery', () => {
  it('turns params into query strings, repeats statuses and leaves out undefined', () => {
    expect(
      sessionListQuery({
        status: ['failed', 'timed_out'],
        agent_type: 'KubernetesAgent',
        page_size: 50,
        start_date_us: 1_700_000_000_000_000,
        search: undefined,
      }),
    ).toEqual({
      status: ['failed', 'timed_out'],
      agent_type: 'KubernetesAgent',
      page_size: '50',
      start_date_us: '1700000000000000',
    });
  });

  it('types the params from the model', () => {
    expectTypeOf<SessionListParams>().toHaveProperty('sort_by');
    // @ts-expect-error a typo is not a parameter
    const typo: SessionListParams = { page_sizee: 10 };
    // @ts-expect-error a status outside the model is refused
    const status: SessionListParams = { status: 'done' };
    expect([typo, status]).toHaveLength(2);
  });
});
