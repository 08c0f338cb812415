import { describe, expectTypeOf, it } from 'vitest';
import type {
  IngestBatch,
  IngestEnvelope,
  IngestError,
  IngestEvent,
  IngestEventType,
  IngestSuccess,
  LLMInteractionBody,
  MCPCommunicationBody,
  SessionFailedBody,
  SessionStartedBody,
  SessionUpdatedBody,
  StageCompletedBody,
} from './ingest.js';

/** The keys a value of T must have. */
type RequiredKeys<T> = {
  [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? never : K;
}[keyof T];

describe('ingest bodies', () => {
  it('leave optional fields optional, accepting null', () => {
    expectTypeOf<RequiredKeys<SessionStartedBody>>().toEqualTypeOf<
      | 'session_id'
      | 'alert_id'
      | 'agent_type'
      | 'alert_data'
      | 'chain_id'
      | 'chain_definition'
      | 'started_at_us'
    >();
    expectTypeOf<SessionStartedBody['author']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<RequiredKeys<SessionUpdatedBody>>().toEqualTypeOf<'session_id'>();
  });

  it('require what a rule needs', () => {
    expectTypeOf<SessionFailedBody['error_message']>().toEqualTypeOf<string>();
    expectTypeOf<RequiredKeys<SessionFailedBody>>().toEqualTypeOf<
      'session_id' | 'completed_at_us' | 'error_message'
    >();
    expectTypeOf<LLMInteractionBody['model_name']>().toEqualTypeOf<string>();
    expectTypeOf<MCPCommunicationBody['server_name']>().toEqualTypeOf<string>();
  });

  it('let interactions outside any stage leave out stage_execution_id', () => {
    expectTypeOf<LLMInteractionBody['stage_execution_id']>().toEqualTypeOf<
      string | null | undefined
    >();
    expectTypeOf<MCPCommunicationBody['stage_execution_id']>().toEqualTypeOf<
      string | null | undefined
    >();
    type StageRequired =
      'stage_execution_id' extends RequiredKeys<MCPCommunicationBody> ? true : false;
    expectTypeOf<StageRequired>().toEqualTypeOf<false>();
  });

  it('narrow statuses to those an event may set', () => {
    expectTypeOf<SessionUpdatedBody['status']>().toEqualTypeOf<
      'in_progress' | 'paused' | null | undefined
    >();
    expectTypeOf<StageCompletedBody['status']>().toEqualTypeOf<
      'completed' | 'partial' | null | undefined
    >();
  });
});

describe('IngestEvent', () => {
  it('is discriminated by type', () => {
    expectTypeOf<IngestEvent['type']>().toEqualTypeOf<IngestEventType>();
  });

  it('narrows body by type', () => {
    expectTypeOf<
      Extract<IngestEvent, { type: 'session.failed' }>['body']
    >().toEqualTypeOf<SessionFailedBody>();
    expectTypeOf<
      Extract<IngestEvent, { type: 'mcp.communication' }>['body']
    >().toEqualTypeOf<MCPCommunicationBody>();
    const modelOf = (event: IngestEvent) =>
      event.type === 'llm.interaction' ? event.body.model_name : undefined;
    expectTypeOf(modelOf).returns.toEqualTypeOf<string | undefined>();
  });

  it('leaves the body of a bare envelope unknown', () => {
    expectTypeOf<IngestEnvelope['body']>().toBeUnknown();
    expectTypeOf<IngestBatch['batch']>().toEqualTypeOf<IngestEnvelope[]>();
  });
});

describe('ingest results', () => {
  it('type the statuses', () => {
    expectTypeOf<IngestSuccess['status']>().toEqualTypeOf<200 | 201>();
    expectTypeOf<IngestError['status']>().toEqualTypeOf<400 | 404 | 409 | 410 | 413 | 422 | 500>();
  });
});
