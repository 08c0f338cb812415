import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  detailedStage,
  issuePaths,
  llmInteraction,
  loose,
  mcpEventDetails,
  mcpInteraction,
  notCounts,
  stageExecutionRecord,
  T0,
} from '../test/fixtures.js';
import { completedNotBeforeStarted } from './primitives.js';
import { DetailedStage, StageExecutionRecord } from './stage.js';
import { stageStatuses } from './status.js';

describe('StageExecutionRecord', () => {
  it.each(stageStatuses)('accepts the status %s', (status) => {
    expect(issuePaths(StageExecutionRecord, stageExecutionRecord({ status }))).toEqual([]);
  });

  it('accepts a pending stage with no times, output or error', () => {
    const record = stageExecutionRecord({
      status: 'pending',
      started_at_us: null,
      completed_at_us: null,
      duration_ms: null,
      stage_output: null,
    });
    expect(v.parse(StageExecutionRecord, record)).toEqual(record);
  });

  it('accepts completed_at_us equal to started_at_us', () => {
    const record = stageExecutionRecord({ started_at_us: T0, completed_at_us: T0 });
    expect(issuePaths(StageExecutionRecord, record)).toEqual([]);
  });

  it('rejects completed_at_us before started_at_us, at completed_at_us', () => {
    const record = stageExecutionRecord({ started_at_us: T0, completed_at_us: T0 - 1 });
    const result = v.safeParse(StageExecutionRecord, record);
    expect(result.issues?.map((issue) => issue.message)).toEqual([completedNotBeforeStarted]);
    expect(issuePaths(StageExecutionRecord, record)).toEqual(['completed_at_us']);
  });

  it('reports the time order together with other problems', () => {
    const record = { ...stageExecutionRecord({ completed_at_us: T0 - 1 }), agent: '' };
    expect(issuePaths(StageExecutionRecord, record).sort()).toEqual(['agent', 'completed_at_us']);
  });

  it('rejects statuses outside the enum', () => {
    for (const status of ['in_progress', 'running', 'FAILED', null]) {
      const record = { ...stageExecutionRecord(), status };
      expect(issuePaths(StageExecutionRecord, record)).toEqual(['status']);
    }
  });

  it.each(['stage_index', 'started_at_us', 'completed_at_us', 'duration_ms'])(
    'rejects a %s that is not a non-negative safe integer',
    (field) => {
      for (const value of notCounts.filter((n) => n !== null)) {
        // Without the other end, the time-order rule cannot add an issue of its own.
        const times = { started_at_us: null, completed_at_us: null };
        const record = { ...stageExecutionRecord(times), [field]: value };
        expect(issuePaths(StageExecutionRecord, record), String(value)).toEqual([field]);
      }
    },
  );

  it('rejects a stage_output that is not a JSON object', () => {
    const record = { ...stageExecutionRecord(), stage_output: ['a'] };
    expect(issuePaths(StageExecutionRecord, record)).toEqual(['stage_output']);
  });

  it('needs its ids and names', () => {
    for (const field of ['execution_id', 'session_id', 'stage_id', 'stage_name', 'agent']) {
      const record = loose(stageExecutionRecord());
      record[field] = '';
      expect(issuePaths(StageExecutionRecord, record)).toEqual([field]);
    }
  });
});

describe('DetailedStage', () => {
  it('accepts a stage with no interactions and null totals', () => {
    const stage = detailedStage({
      llm_interactions: [],
      mcp_communications: [],
      llm_interaction_count: 0,
      mcp_communication_count: 0,
      total_interactions: 0,
      stage_interactions_duration_ms: null,
      stage_input_tokens: null,
      stage_output_tokens: null,
      stage_total_tokens: null,
      chronological_interactions: [],
    });
    expect(v.parse(DetailedStage, stage)).toEqual(stage);
  });

  it('rejects an MCP interaction among the LLM interactions and vice versa', () => {
    const stage = loose(detailedStage());
    stage.llm_interactions = [mcpInteraction()];
    stage.mcp_communications = [llmInteraction()];
    const paths = issuePaths(DetailedStage, stage);
    expect(paths).toContain('llm_interactions.0.type');
    expect(paths).toContain('mcp_communications.0.type');
  });

  it('checks the interactions of the chronological list', () => {
    const bad = mcpInteraction({ details: mcpEventDetails({ tool_name: null }) });
    const stage = detailedStage({ chronological_interactions: [llmInteraction(), bad] });
    expect(issuePaths(DetailedStage, stage)).toEqual([
      'chronological_interactions.1.details.tool_name',
    ]);
  });

  it.each([
    'llm_interaction_count',
    'mcp_communication_count',
    'total_interactions',
    'stage_interactions_duration_ms',
    'stage_input_tokens',
    'stage_output_tokens',
    'stage_total_tokens',
  ])('rejects a %s that is not a non-negative whole number', (field) => {
    for (const value of [-1, 0.5, 2 ** 53, '3']) {
      const stage = { ...detailedStage(), [field]: value };
      expect(issuePaths(DetailedStage, stage)).toEqual([field]);
    }
  });

  it('rejects completed_at_us before started_at_us and an unknown status', () => {
    const stage = { ...detailedStage({ completed_at_us: T0 - 1_000 }), status: 'done' };
    expect(issuePaths(DetailedStage, stage).sort()).toEqual(['completed_at_us', 'status']);
    const timesOnly = detailedStage({ started_at_us: T0, completed_at_us: T0 - 1_000 });
    expect(issuePaths(DetailedStage, timesOnly)).toEqual(['completed_at_us']);
  });
});
