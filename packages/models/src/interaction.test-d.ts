import { describe, expectTypeOf, it } from 'vitest';
import type {
  CommunicationType,
  Interaction,
  LLMEventDetails,
  LLMInteraction,
  LLMInteractionRecord,
  LLMMessage,
  MCPCommunicationRecord,
  MCPCommunicationSummary,
  MCPEventDetails,
  MCPInteraction,
} from './interaction.js';

describe('Interaction', () => {
  it('is a union discriminated by type', () => {
    expectTypeOf<Interaction>().toEqualTypeOf<LLMInteraction | MCPInteraction>();
    expectTypeOf<Interaction['type']>().toEqualTypeOf<'llm' | 'mcp'>();
    expectTypeOf<Extract<Interaction, { type: 'llm' }>>().toEqualTypeOf<LLMInteraction>();
    expectTypeOf<Extract<Interaction, { type: 'mcp' }>>().toEqualTypeOf<MCPInteraction>();
  });

  it('narrows details by type', () => {
    const detailsOf = (interaction: Interaction) =>
      interaction.type === 'llm' ? interaction.details.model_name : interaction.details.server_name;
    expectTypeOf(detailsOf).returns.toEqualTypeOf<string>();
    expectTypeOf<LLMInteraction['details']>().toEqualTypeOf<LLMEventDetails>();
    expectTypeOf<MCPInteraction['details']>().toEqualTypeOf<MCPEventDetails>();
  });

  it('shares the timeline fields between both variants', () => {
    expectTypeOf<Interaction['timestamp_us']>().toEqualTypeOf<number>();
    expectTypeOf<Interaction['duration_ms']>().toEqualTypeOf<number | null>();
    expectTypeOf<Interaction['stage_execution_id']>().toEqualTypeOf<string | null>();
  });
});

describe('records and details', () => {
  it('require model_name and server_name, allow a null tool_name', () => {
    expectTypeOf<LLMInteractionRecord['model_name']>().toEqualTypeOf<string>();
    expectTypeOf<MCPCommunicationRecord['server_name']>().toEqualTypeOf<string>();
    expectTypeOf<MCPCommunicationRecord['tool_name']>().toEqualTypeOf<string | null>();
    expectTypeOf<MCPCommunicationSummary['tool_name']>().toEqualTypeOf<string | null>();
  });

  it('type messages, tokens and the communication type', () => {
    expectTypeOf<LLMMessage['role']>().toEqualTypeOf<'system' | 'user' | 'assistant' | 'tool'>();
    expectTypeOf<LLMInteractionRecord['messages']>().toEqualTypeOf<LLMMessage[]>();
    expectTypeOf<LLMEventDetails['input_tokens']>().toEqualTypeOf<number | null>();
    expectTypeOf<MCPCommunicationRecord['communication_type']>().toEqualTypeOf<CommunicationType>();
    expectTypeOf<CommunicationType>().toEqualTypeOf<'tool_list' | 'tool_call'>();
    expectTypeOf<MCPEventDetails['tool_arguments']>().toEqualTypeOf<Record<string, unknown>>();
  });
});
