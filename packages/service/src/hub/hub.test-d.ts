import type {
  CreatedApiKey,
  DetailedSession,
  IngestResult,
  PaginatedSessions,
} from '@hindsight/models';
import { describe, expectTypeOf, it } from 'vitest';
import type { Hub, OperationName, Services } from '../services.js';

describe('types derived from the registry', () => {
  it('groups every operation by the part of its name before the dot', () => {
    expectTypeOf<keyof Services>().toEqualTypeOf<
      | 'sessions'
      | 'system'
      | 'demo'
      | 'ingest'
      | 'apiKeys'
      | 'browserSessions'
      | 'audit'
      | 'casefiles'
      | 'live'
      | 'export'
      | 'retention'
      | 'usage'
      | 'prices'
      | 'database'
    >();
    expectTypeOf<OperationName>().toExtend<string>();
    expectTypeOf<'sessions.get'>().toExtend<OperationName>();
    expectTypeOf<'casefiles.create'>().toExtend<OperationName>();
  });

  it('types each bound verb with its models', () => {
    expectTypeOf<Services['sessions']['get']>()
      .parameter(0)
      .toEqualTypeOf<{ session_id: string }>();
    expectTypeOf<Services['sessions']['get']>().returns.resolves.toEqualTypeOf<DetailedSession>();
    expectTypeOf<
      Services['sessions']['list']
    >().returns.resolves.toEqualTypeOf<PaginatedSessions>();
    expectTypeOf<Services['ingest']['batch']>().returns.resolves.toEqualTypeOf<IngestResult>();
    expectTypeOf<Services['apiKeys']['create']>().returns.resolves.toEqualTypeOf<CreatedApiKey>();
  });

  it('types hub.call by name, and refuses an unknown name or a wrong input', () => {
    const hub = {} as Hub;
    const caller = {} as Parameters<Hub['call']>[2];
    expectTypeOf(
      hub.call('sessions.get', { session_id: 's' }, caller),
    ).resolves.toEqualTypeOf<DetailedSession>();
    // @ts-expect-error not an operation
    hub.call('sessions.nope', {}, caller);
    // @ts-expect-error session_id is a string
    hub.call('sessions.get', { session_id: 1 }, caller);
  });
});
