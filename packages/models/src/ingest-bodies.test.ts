import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issuePaths, loose } from '../test/fixtures.js';
import {
  llmInteractionBody,
  mcpCommunicationBody,
  sessionCompletedBody,
  sessionEndedBody,
  sessionFailedBody,
  sessionStartedBody,
  sessionUpdatedBody,
  stageCompletedBody,
  stageFailedBody,
  stageStartedBody,
} from '../test/ingest-fixtures.js';
import {
  LLMInteractionBody,
  MCPCommunicationBody,
  SessionCompletedBody,
  SessionEndedBody,
  SessionFailedBody,
  SessionStartedBody,
  SessionUpdatedBody,
  StageCompletedBody,
  StageFailedBody,
  StageStartedBody,
} from './ingest.js';
import { toolCallNeedsToolName } from './interaction.js';

/** A copy of `body` without the given keys. */
function without(body: object, ...keys: string[]): Record<string, unknown> {
  const copy = loose(body);
  for (const key of keys) delete copy[key];
  return copy;
}

const badTimes: readonly unknown[] = [-1, 1.5, 2 ** 53, Number.NaN, '1700000000000000'];

describe('optional body fields may be left out or sent as null', () => {
  it.each([
    [
      'SessionStartedBody',
      SessionStartedBody,
      sessionStartedBody,
      ['alert_type', 'author', 'session_metadata'],
    ],
    [
      'SessionUpdatedBody',
      SessionUpdatedBody,
      sessionUpdatedBody,
      ['status', 'current_stage_index', 'current_stage_id', 'session_metadata'],
    ],
    ['SessionCompletedBody', SessionCompletedBody, sessionCompletedBody, ['final_analysis']],
    ['SessionEndedBody', SessionEndedBody, sessionEndedBody, ['error_message']],
    ['StageCompletedBody', StageCompletedBody, stageCompletedBody, ['stage_output', 'status']],
    [
      'LLMInteractionBody',
      LLMInteractionBody,
      llmInteractionBody,
      [
        'stage_execution_id',
        'step_description',
        'provider',
        'temperature',
        'tool_calls',
        'tool_results',
        'input_tokens',
        'output_tokens',
        'total_tokens',
        'error_message',
      ],
    ],
    [
      'MCPCommunicationBody',
      MCPCommunicationBody,
      mcpCommunicationBody,
      [
        'stage_execution_id',
        'step_description',
        'parameters',
        'result',
        'available_tools',
        'error_message',
      ],
    ],
  ] as const)('%s', (_name, schema, build, optionalKeys) => {
    expect(issuePaths(schema, without(build(), ...optionalKeys))).toEqual([]);
    const nulls = Object.fromEntries(optionalKeys.map((key) => [key, null]));
    expect(issuePaths(schema, { ...build(), ...nulls })).toEqual([]);
  });
});

describe('session bodies', () => {
  it('SessionStartedBody rejects a bad started_at_us and non-object alert_data', () => {
    for (const started_at_us of [...badTimes, null]) {
      expect(issuePaths(SessionStartedBody, { ...sessionStartedBody(), started_at_us })).toEqual([
        'started_at_us',
      ]);
    }
    const body = { ...sessionStartedBody(), alert_data: ['disk'] };
    expect(issuePaths(SessionStartedBody, body)).toEqual(['alert_data']);
  });

  it('SessionUpdatedBody allows only the running statuses', () => {
    for (const status of ['in_progress', 'paused']) {
      expect(issuePaths(SessionUpdatedBody, { session_id: 's', status })).toEqual([]);
    }
    for (const status of ['completed', 'failed', 'pending', 'active', 'bogus']) {
      expect(issuePaths(SessionUpdatedBody, { session_id: 's', status })).toEqual(['status']);
    }
  });

  it('SessionUpdatedBody rejects a negative current_stage_index', () => {
    const body = { ...sessionUpdatedBody(), current_stage_index: -1 };
    expect(issuePaths(SessionUpdatedBody, body)).toEqual(['current_stage_index']);
  });

  it.each([
    ['SessionCompletedBody', SessionCompletedBody, sessionCompletedBody],
    ['SessionFailedBody', SessionFailedBody, sessionFailedBody],
    ['SessionEndedBody', SessionEndedBody, sessionEndedBody],
  ] as const)('%s needs a valid completed_at_us', (_name, schema, build) => {
    for (const completed_at_us of [...badTimes, null, undefined]) {
      expect(issuePaths(schema, { ...build(), completed_at_us })).toEqual(['completed_at_us']);
    }
  });

  it('SessionFailedBody needs a non-empty error_message', () => {
    const body = sessionFailedBody();
    expect(issuePaths(SessionFailedBody, without(body, 'error_message'))).toEqual([
      'error_message',
    ]);
    for (const error_message of ['', null]) {
      expect(issuePaths(SessionFailedBody, { ...body, error_message })).toEqual(['error_message']);
    }
    const message = v.safeParse(SessionFailedBody, { ...body, error_message: '' }).issues?.[0]
      ?.message;
    expect(message).toBe('a failed session needs error_message');
  });
});

describe('stage bodies', () => {
  it('StageStartedBody needs started_at_us and a whole stage_index', () => {
    for (const started_at_us of [...badTimes, null]) {
      expect(issuePaths(StageStartedBody, { ...stageStartedBody(), started_at_us })).toEqual([
        'started_at_us',
      ]);
    }
    expect(issuePaths(StageStartedBody, { ...stageStartedBody(), stage_index: 0.5 })).toEqual([
      'stage_index',
    ]);
  });

  it('StageCompletedBody allows the completed and partial statuses only', () => {
    for (const status of ['completed', 'partial']) {
      expect(issuePaths(StageCompletedBody, { ...stageCompletedBody(), status })).toEqual([]);
    }
    for (const status of ['failed', 'active', 'in_progress']) {
      expect(issuePaths(StageCompletedBody, { ...stageCompletedBody(), status })).toEqual([
        'status',
      ]);
    }
  });

  it('StageFailedBody needs a non-empty error_message', () => {
    const body = stageFailedBody();
    expect(issuePaths(StageFailedBody, without(body, 'error_message'))).toEqual(['error_message']);
    expect(issuePaths(StageFailedBody, { ...body, error_message: '' })).toEqual(['error_message']);
    const message = v.safeParse(StageFailedBody, { ...body, error_message: '' }).issues?.[0]
      ?.message;
    expect(message).toBe('a failed stage needs error_message');
  });

  it('StageFailedBody needs a valid completed_at_us', () => {
    for (const completed_at_us of badTimes) {
      expect(issuePaths(StageFailedBody, { ...stageFailedBody(), completed_at_us })).toEqual([
        'completed_at_us',
      ]);
    }
  });
});

describe('LLMInteractionBody', () => {
  it('needs model_name', () => {
    expect(issuePaths(LLMInteractionBody, without(llmInteractionBody(), 'model_name'))).toEqual([
      'model_name',
    ]);
    for (const model_name of ['', null]) {
      expect(issuePaths(LLMInteractionBody, { ...llmInteractionBody(), model_name })).toEqual([
        'model_name',
      ]);
    }
  });

  it.each(['timestamp_us', 'duration_ms', 'input_tokens', 'output_tokens', 'total_tokens'])(
    'rejects a bad %s',
    (field) => {
      for (const value of badTimes) {
        expect(issuePaths(LLMInteractionBody, { ...llmInteractionBody(), [field]: value })).toEqual(
          [field],
        );
      }
    },
  );

  it('rejects a message with an unknown role at its index', () => {
    const messages = [
      { role: 'user', content: 'a' },
      { role: 'bot', content: 'b' },
    ];
    expect(issuePaths(LLMInteractionBody, { ...llmInteractionBody(), messages })).toEqual([
      'messages.1.role',
    ]);
  });

  it('takes cache and reasoning tokens as parts of input and output, never beyond them', () => {
    const body = { ...llmInteractionBody(), input_tokens: 100, output_tokens: 50 };
    const parts = { cache_read_tokens: 60, cache_creation_tokens: 40, reasoning_tokens: 50 };
    expect(v.parse(LLMInteractionBody, { ...body, ...parts })).toMatchObject(parts);
    expect(
      issuePaths(LLMInteractionBody, { ...body, cache_read_tokens: 61, cache_creation_tokens: 40 }),
    ).toEqual(['cache_read_tokens']);
    expect(issuePaths(LLMInteractionBody, { ...body, reasoning_tokens: 51 })).toEqual([
      'reasoning_tokens',
    ]);
    // Without the whole there is nothing to exceed.
    expect(
      issuePaths(LLMInteractionBody, { ...body, input_tokens: null, cache_read_tokens: 500 }),
    ).toEqual([]);
  });
});

describe('MCPCommunicationBody', () => {
  it('needs tool_name for a tool_call, at tool_name', () => {
    const body = without(mcpCommunicationBody(), 'tool_name');
    const result = v.safeParse(MCPCommunicationBody, body);
    expect(result.issues?.map((issue) => issue.message)).toEqual([toolCallNeedsToolName]);
    expect(issuePaths(MCPCommunicationBody, body)).toEqual(['tool_name']);
    expect(issuePaths(MCPCommunicationBody, { ...body, tool_name: null })).toEqual(['tool_name']);
    // An empty name breaks both the Label rule and the tool_call rule, at the same field.
    const empty = issuePaths(MCPCommunicationBody, { ...body, tool_name: '' });
    expect(new Set(empty)).toEqual(new Set(['tool_name']));
  });

  it('does not need tool_name for a tool_list', () => {
    const body = without(mcpCommunicationBody(), 'tool_name');
    expect(issuePaths(MCPCommunicationBody, { ...body, communication_type: 'tool_list' })).toEqual(
      [],
    );
  });

  it('needs server_name', () => {
    const body = without(mcpCommunicationBody(), 'server_name');
    expect(issuePaths(MCPCommunicationBody, body)).toEqual(['server_name']);
    expect(issuePaths(MCPCommunicationBody, { ...body, server_name: '' })).toEqual(['server_name']);
  });

  it('rejects an unknown communication_type and array parameters', () => {
    const body = { ...mcpCommunicationBody(), communication_type: 'call', parameters: [1] };
    expect(issuePaths(MCPCommunicationBody, body).sort()).toEqual([
      'communication_type',
      'parameters',
    ]);
  });
});
