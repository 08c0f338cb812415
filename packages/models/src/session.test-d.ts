import type * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { buildDetailedSession, buildDetailedStage, sessionStats } from './derived.js';
import type { Interaction } from './interaction.js';
import type { JsonObject } from './primitives.js';
import type {
  DetailedSession,
  PaginatedSessions,
  SessionOverview,
  SessionRecord,
} from './session.js';
import type { DetailedStage, StageExecutionRecord } from './stage.js';
import type { SessionStats } from './stats.js';
import type { SessionStatus, StageStatus } from './status.js';

type SessionStatusUnion =
  | 'pending'
  | 'in_progress'
  | 'paused'
  | 'canceling'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'timed_out';

describe('status types', () => {
  it('are the unions of their literals', () => {
    expectTypeOf<SessionStatus>().toEqualTypeOf<SessionStatusUnion>();
    expectTypeOf<StageStatus>().toEqualTypeOf<
      Exclude<SessionStatusUnion, 'in_progress' | 'canceling'> | 'active' | 'partial'
    >();
  });

  it('type the status of each session and stage model', () => {
    expectTypeOf<SessionOverview['status']>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<SessionRecord['status']>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<DetailedSession['status']>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<StageExecutionRecord['status']>().toEqualTypeOf<StageStatus>();
    expectTypeOf<DetailedStage['status']>().toEqualTypeOf<StageStatus>();
  });
});

describe('session models', () => {
  it('make nullable fields T | null and keep every key required', () => {
    expectTypeOf<SessionOverview['completed_at_us']>().toEqualTypeOf<number | null>();
    expectTypeOf<SessionOverview['alert_type']>().toEqualTypeOf<string | null>();
    expectTypeOf<SessionOverview['session_total_tokens']>().toEqualTypeOf<number | null>();
    expectTypeOf<SessionOverview['started_at_us']>().toEqualTypeOf<number>();
    expectTypeOf<SessionRecord['session_metadata']>().toEqualTypeOf<JsonObject | null>();
    expectTypeOf<Required<SessionOverview>>().toEqualTypeOf<SessionOverview>();
    expectTypeOf<Required<DetailedSession>>().toEqualTypeOf<DetailedSession>();
  });

  it('nest stages and interactions', () => {
    expectTypeOf<DetailedSession['stages']>().toEqualTypeOf<DetailedStage[]>();
    expectTypeOf<DetailedSession['session_level_interactions']>().toEqualTypeOf<Interaction[]>();
    expectTypeOf<DetailedStage['chronological_interactions']>().toEqualTypeOf<Interaction[]>();
    expectTypeOf<PaginatedSessions['sessions']>().toEqualTypeOf<SessionOverview[]>();
    expectTypeOf<JsonObject>().toEqualTypeOf<Record<string, unknown>>();
  });

  it('have no transforms: the JSON input is the output', () => {
    expectTypeOf<v.InferInput<typeof SessionOverview>>().toEqualTypeOf<SessionOverview>();
    expectTypeOf<v.InferInput<typeof DetailedSession>>().toEqualTypeOf<DetailedSession>();
    expectTypeOf<v.InferInput<typeof DetailedStage>>().toEqualTypeOf<DetailedStage>();
  });

  it('a DetailedStage is a StageExecutionRecord', () => {
    expectTypeOf<DetailedStage>().toExtend<StageExecutionRecord>();
    expectTypeOf<DetailedSession>().toExtend<SessionRecord>();
  });
});

describe('derived functions', () => {
  it('return the read models', () => {
    expectTypeOf<typeof buildDetailedStage>().returns.toEqualTypeOf<DetailedStage>();
    expectTypeOf<typeof buildDetailedSession>().returns.toEqualTypeOf<DetailedSession>();
    expectTypeOf<typeof sessionStats>().returns.toEqualTypeOf<SessionStats>();
    expectTypeOf<typeof buildDetailedStage>().parameter(0).toEqualTypeOf<StageExecutionRecord>();
  });
});
