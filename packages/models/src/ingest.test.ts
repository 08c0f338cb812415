import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issuePaths, loose } from '../test/fixtures.js';
import {
  ingestBatch,
  ingestError,
  ingestEvent,
  ingestResult,
  ingestSuccess,
} from '../test/ingest-fixtures.js';
import {
  defaultMaxBatchEvents,
  IngestBatch,
  IngestEnvelope,
  IngestError,
  IngestEvent,
  IngestResult,
  IngestSuccess,
  ingestEventTypes,
  LLMInteractionEvent,
  LLMStreamChunkEvent,
  MCPCommunicationEvent,
  SessionCancelledEvent,
  SessionCompletedEvent,
  SessionFailedEvent,
  SessionProgressUpdateEvent,
  SessionStartedEvent,
  SessionTimedOutEvent,
  SessionUpdatedEvent,
  StageCompletedEvent,
  StageFailedEvent,
  StageStartedEvent,
} from './ingest.js';

const eventSchemas = {
  'session.started': SessionStartedEvent,
  'session.updated': SessionUpdatedEvent,
  'session.completed': SessionCompletedEvent,
  'session.failed': SessionFailedEvent,
  'session.cancelled': SessionCancelledEvent,
  'session.timed_out': SessionTimedOutEvent,
  'stage.started': StageStartedEvent,
  'stage.completed': StageCompletedEvent,
  'stage.failed': StageFailedEvent,
  'llm.interaction': LLMInteractionEvent,
  'mcp.communication': MCPCommunicationEvent,
  'session.progress_update': SessionProgressUpdateEvent,
  'llm.stream.chunk': LLMStreamChunkEvent,
} as const;

describe.each(ingestEventTypes)('the %s event', (type) => {
  const schema = eventSchemas[type];

  it('accepts a valid envelope, alone and as an IngestEvent', () => {
    const event = ingestEvent(type);
    expect(v.parse(schema, event)).toEqual(event);
    expect(v.parse(IngestEvent, event)).toEqual(event);
  });

  it('rejects another type at type', () => {
    const other = ingestEventTypes.find((t) => t !== type);
    expect(issuePaths(schema, { ...ingestEvent(type), type: other })).toEqual(['type']);
  });

  it('checks its body against its own schema', () => {
    const event = loose(ingestEvent(type));
    event.body = { ...loose(ingestEvent(type).body), session_id: '' };
    expect(issuePaths(schema, event)).toEqual(['body.session_id']);
    expect(issuePaths(IngestEvent, event)).toEqual(['body.session_id']);
  });

  it('rejects a timestamp that is not ISO 8601', () => {
    for (const timestamp of ['2024-05-01', 'May 1st', '', 1_714_564_800_000]) {
      expect(issuePaths(schema, { ...ingestEvent(type), timestamp })).toEqual(['timestamp']);
    }
  });

  it('rejects an empty or missing id', () => {
    expect(issuePaths(schema, { ...ingestEvent(type), id: '' })).toEqual(['id']);
    expect(issuePaths(schema, { ...ingestEvent(type), id: undefined })).toEqual(['id']);
  });
});

describe('IngestEvent', () => {
  it('rejects an unknown type at type', () => {
    const event = { ...ingestEvent('session.started'), type: 'session.deleted' };
    expect(issuePaths(IngestEvent, event)).toEqual(['type']);
  });

  it('reads the body according to type, not to its shape', () => {
    // A valid session.completed body is not a valid session.failed body.
    const event = { ...ingestEvent('session.failed'), body: ingestEvent('session.completed').body };
    expect(issuePaths(IngestEvent, event)).toEqual(['body.error_message']);
  });

  it('enforces the body rules through the envelope', () => {
    const event = ingestEvent('mcp.communication');
    const body = { ...event.body, tool_name: null };
    expect(issuePaths(IngestEvent, { ...event, body })).toEqual(['body.tool_name']);
    const llm = ingestEvent('llm.interaction');
    expect(issuePaths(IngestEvent, { ...llm, body: { ...llm.body, model_name: '' } })).toEqual([
      'body.model_name',
    ]);
  });
});

describe('IngestEnvelope', () => {
  it('accepts any body, leaving it for a later check', () => {
    for (const body of [null, 42, 'text', { anything: true }]) {
      const envelope = { ...ingestEvent('session.updated'), body };
      expect(v.parse(IngestEnvelope, envelope)).toEqual(envelope);
    }
  });

  it('needs a body key, a known type and an ISO 8601 timestamp', () => {
    const envelope = loose(ingestEvent('session.updated'));
    delete envelope.body;
    expect(issuePaths(IngestEnvelope, envelope)).toEqual(['body']);
    const bad = { ...ingestEvent('session.updated'), type: 'session.paused', timestamp: 'now' };
    expect(issuePaths(IngestEnvelope, bad).sort()).toEqual(['timestamp', 'type']);
  });
});

describe('IngestBatch', () => {
  it('accepts one event and exactly the maximum', () => {
    expect(issuePaths(IngestBatch, ingestBatch(1))).toEqual([]);
    expect(defaultMaxBatchEvents).toBe(1000);
    expect(issuePaths(IngestBatch, ingestBatch(defaultMaxBatchEvents))).toEqual([]);
  });

  it('rejects an empty batch at batch', () => {
    const result = v.safeParse(IngestBatch, { batch: [] });
    expect(result.issues?.map((issue) => issue.message)).toEqual([
      'batch must hold at least one event',
    ]);
    expect(issuePaths(IngestBatch, { batch: [] })).toEqual(['batch']);
  });

  it('rejects more than 1000 events at batch', () => {
    expect(issuePaths(IngestBatch, ingestBatch(defaultMaxBatchEvents + 1))).toEqual(['batch']);
  });

  it('rejects a malformed envelope at its index, but not a bad body', () => {
    const batch = loose(ingestBatch(3));
    const events = ingestBatch(3).batch.map(loose);
    events[1] = { ...events[1], timestamp: 'yesterday' };
    events[2] = { ...events[2], body: { session_id: '' } };
    batch.batch = events;
    expect(issuePaths(IngestBatch, batch)).toEqual(['batch.1.timestamp']);
  });

  it('rejects a missing or non-array batch', () => {
    expect(issuePaths(IngestBatch, {})).toEqual(['batch']);
    expect(issuePaths(IngestBatch, { batch: ingestEvent('session.updated') })).toEqual(['batch']);
  });
});

describe('IngestSuccess, IngestError and IngestResult', () => {
  it('IngestSuccess allows the 200 and 201 statuses only', () => {
    for (const status of [200, 201]) {
      expect(issuePaths(IngestSuccess, { ...ingestSuccess(), status })).toEqual([]);
    }
    for (const status of [204, 207, 400, '200']) {
      expect(issuePaths(IngestSuccess, { ...ingestSuccess(), status })).toEqual(['status']);
    }
    expect(issuePaths(IngestSuccess, { ...ingestSuccess(), id: '' })).toEqual(['id']);
  });

  it('IngestError allows the error statuses only and needs a message', () => {
    for (const status of [400, 404, 409, 413, 422, 500]) {
      expect(issuePaths(IngestError, { ...ingestError(), status })).toEqual([]);
    }
    for (const status of [200, 207, 418, 503]) {
      expect(issuePaths(IngestError, { ...ingestError(), status })).toEqual(['status']);
    }
    // An envelope without a usable id is still answered, so the id may be empty.
    expect(issuePaths(IngestError, { ...ingestError(), id: '' })).toEqual([]);
    expect(issuePaths(IngestError, { ...ingestError(), message: null })).toEqual(['message']);
  });

  it('IngestResult accepts empty lists and reports a bad entry at its index', () => {
    expect(issuePaths(IngestResult, { successes: [], errors: [] })).toEqual([]);
    const result = loose(ingestResult());
    result.errors = [ingestError(), { ...ingestError(), status: 201 }];
    expect(issuePaths(IngestResult, result)).toEqual(['errors.1.status']);
    const swapped = { successes: [ingestError()], errors: [] };
    expect(issuePaths(IngestResult, swapped)).toEqual(['successes.0.status']);
  });
});
