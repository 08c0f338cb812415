import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  issuePaths,
  llmEventDetails,
  llmInteraction,
  llmInteractionRecord,
  llmInteractionSummary,
  loose,
  mcpCommunicationRecord,
  mcpCommunicationSummary,
  mcpEventDetails,
  mcpInteraction,
  notCounts,
} from '../test/fixtures.js';
import {
  Interaction,
  LLMEventDetails,
  LLMInteraction,
  LLMInteractionRecord,
  LLMInteractionSummary,
  LLMMessage,
  MCPCommunicationRecord,
  MCPCommunicationSummary,
  MCPEventDetails,
  MCPInteraction,
  toolCallNeedsToolName,
} from './interaction.js';

describe('LLMMessage', () => {
  it.each(['system', 'user', 'assistant', 'tool'])('accepts the role %s', (role) => {
    expect(issuePaths(LLMMessage, { role, content: '' })).toEqual([]);
  });

  it('rejects an unknown role and a missing or non-string content', () => {
    expect(issuePaths(LLMMessage, { role: 'developer', content: 'hi' })).toEqual(['role']);
    expect(issuePaths(LLMMessage, { role: 'user' })).toEqual(['content']);
    expect(issuePaths(LLMMessage, { role: 'user', content: { text: 'hi' } })).toEqual(['content']);
  });
});

describe('LLMInteractionRecord', () => {
  it('accepts a stage-less interaction with nothing optional filled in', () => {
    const record = llmInteractionRecord({
      stage_execution_id: null,
      duration_ms: null,
      step_description: null,
      provider: null,
      temperature: null,
      messages: [],
      tool_calls: null,
      input_tokens: null,
      output_tokens: null,
      total_tokens: null,
    });
    expect(v.parse(LLMInteractionRecord, record)).toEqual(record);
  });

  it('needs model_name', () => {
    const record = loose(llmInteractionRecord());
    delete record.model_name;
    expect(issuePaths(LLMInteractionRecord, record)).toEqual(['model_name']);
    expect(issuePaths(LLMInteractionRecord, { ...record, model_name: '' })).toEqual(['model_name']);
    expect(issuePaths(LLMInteractionRecord, { ...record, model_name: null })).toEqual([
      'model_name',
    ]);
  });

  it.each(['timestamp_us', 'duration_ms', 'input_tokens', 'output_tokens', 'total_tokens'])(
    'rejects a %s that is not a non-negative safe integer',
    (field) => {
      for (const value of notCounts.filter((n) => n !== null)) {
        const record = { ...llmInteractionRecord(), [field]: value };
        expect(issuePaths(LLMInteractionRecord, record), String(value)).toEqual([field]);
      }
    },
  );

  it('rejects a negative or non-finite temperature', () => {
    for (const temperature of [-0.1, Infinity, Number.NaN, '0.2']) {
      const record = { ...llmInteractionRecord(), temperature };
      expect(issuePaths(LLMInteractionRecord, record)).toEqual(['temperature']);
    }
  });

  it('names the offending message', () => {
    const record = llmInteractionRecord();
    const messages: unknown[] = [...record.messages, { role: 'robot', content: 'beep' }];
    expect(issuePaths(LLMInteractionRecord, { ...record, messages })).toEqual(['messages.2.role']);
  });
});

describe('MCPCommunicationRecord', () => {
  it('accepts a tool_list without tool_name', () => {
    const record = mcpCommunicationRecord({
      communication_type: 'tool_list',
      tool_name: null,
      parameters: null,
      result: null,
      available_tools: { tools: [{ name: 'df' }] },
    });
    expect(v.parse(MCPCommunicationRecord, record)).toEqual(record);
  });

  it('rejects a tool_call without tool_name, at tool_name', () => {
    const record = mcpCommunicationRecord({ tool_name: null });
    const result = v.safeParse(MCPCommunicationRecord, record);
    expect(result.issues?.map((issue) => issue.message)).toEqual([toolCallNeedsToolName]);
    expect(issuePaths(MCPCommunicationRecord, record)).toEqual(['tool_name']);
  });

  it('needs server_name', () => {
    const record = loose(mcpCommunicationRecord());
    delete record.server_name;
    expect(issuePaths(MCPCommunicationRecord, record)).toEqual(['server_name']);
    expect(issuePaths(MCPCommunicationRecord, { ...record, server_name: '' })).toEqual([
      'server_name',
    ]);
  });

  it('rejects an unknown communication type', () => {
    const record = { ...mcpCommunicationRecord(), communication_type: 'resource_read' };
    expect(issuePaths(MCPCommunicationRecord, record)).toEqual(['communication_type']);
  });

  it('rejects parameters that are not a JSON object', () => {
    for (const parameters of [['db-1'], 'db-1', 1]) {
      const record = { ...mcpCommunicationRecord(), parameters };
      expect(issuePaths(MCPCommunicationRecord, record)).toEqual(['parameters']);
    }
  });

  it.each(['timestamp_us', 'duration_ms'])('rejects a bad %s', (field) => {
    for (const value of [-1, 1.5, 2 ** 53, Number.NaN, '5']) {
      const record = { ...mcpCommunicationRecord(), [field]: value };
      expect(issuePaths(MCPCommunicationRecord, record)).toEqual([field]);
    }
  });
});

describe('LLMEventDetails and MCPEventDetails', () => {
  it('accept their fixtures', () => {
    expect(issuePaths(LLMEventDetails, llmEventDetails())).toEqual([]);
    expect(issuePaths(MCPEventDetails, mcpEventDetails())).toEqual([]);
  });

  it('LLMEventDetails needs model_name and whole token counts', () => {
    const details = loose(llmEventDetails());
    delete details.model_name;
    expect(issuePaths(LLMEventDetails, details)).toEqual(['model_name']);
    expect(issuePaths(LLMEventDetails, { ...llmEventDetails(), output_tokens: -5 })).toEqual([
      'output_tokens',
    ]);
  });

  it('MCPEventDetails needs tool_name for a tool_call only', () => {
    const toolList = mcpEventDetails({ communication_type: 'tool_list', tool_name: null });
    expect(issuePaths(MCPEventDetails, toolList)).toEqual([]);
    const toolCall = mcpEventDetails({ communication_type: 'tool_call', tool_name: null });
    expect(issuePaths(MCPEventDetails, toolCall)).toEqual(['tool_name']);
  });
});

describe('LLMInteraction, MCPInteraction and Interaction', () => {
  it('accept their own type only', () => {
    expect(issuePaths(LLMInteraction, llmInteraction())).toEqual([]);
    expect(issuePaths(MCPInteraction, mcpInteraction())).toEqual([]);
    expect(issuePaths(LLMInteraction, mcpInteraction())).toContain('type');
    expect(issuePaths(MCPInteraction, llmInteraction())).toContain('type');
  });

  it('Interaction picks the details schema by type', () => {
    expect(v.parse(Interaction, llmInteraction()).type).toBe('llm');
    expect(v.parse(Interaction, mcpInteraction()).type).toBe('mcp');
    const llmWithMcpDetails = { ...llmInteraction(), details: mcpEventDetails() };
    expect(issuePaths(Interaction, llmWithMcpDetails)).toContain('details.model_name');
  });

  it('Interaction rejects an unknown type at type', () => {
    expect(issuePaths(Interaction, { ...llmInteraction(), type: 'system' })).toEqual(['type']);
  });

  it('reports nested rule violations at their path', () => {
    const toolCall = mcpInteraction({ details: mcpEventDetails({ tool_name: null }) });
    expect(issuePaths(Interaction, toolCall)).toEqual(['details.tool_name']);
    const llm = llmInteraction({ details: llmEventDetails({ model_name: '' }) });
    expect(issuePaths(Interaction, llm)).toEqual(['details.model_name']);
  });

  it('rejects a bad timestamp_us and a null step_description', () => {
    expect(issuePaths(Interaction, { ...llmInteraction(), timestamp_us: 1.5 })).toEqual([
      'timestamp_us',
    ]);
    expect(issuePaths(Interaction, { ...mcpInteraction(), step_description: null })).toEqual([
      'step_description',
    ]);
  });
});

describe('LLMInteractionSummary and MCPCommunicationSummary', () => {
  it('accept their fixtures and a null duration', () => {
    expect(
      issuePaths(LLMInteractionSummary, { ...llmInteractionSummary(), duration_ms: null }),
    ).toEqual([]);
    const toolList = { ...mcpCommunicationSummary(), tool_name: null, duration_ms: null };
    expect(issuePaths(MCPCommunicationSummary, toolList)).toEqual([]);
  });

  it('LLMInteractionSummary needs model_name', () => {
    const summary = loose(llmInteractionSummary());
    delete summary.model_name;
    expect(issuePaths(LLMInteractionSummary, summary)).toEqual(['model_name']);
  });

  it('MCPCommunicationSummary rejects a negative duration and an empty server_name', () => {
    const summary = { ...mcpCommunicationSummary(), duration_ms: -1, server_name: '' };
    expect(issuePaths(MCPCommunicationSummary, summary).sort()).toEqual([
      'duration_ms',
      'server_name',
    ]);
  });
});
