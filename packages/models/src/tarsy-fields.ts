import * as v from 'valibot';
import { Count, Id, Label, TimestampUs } from './primitives.js';

// The structured fields Tarsy's runtime records and its dashboard reads
// (docs/tarsy-contract.md, section 3): why a run paused, which MCP servers it
// was given, the user message a chat stage answers.

/** Why and when a session paused (Tarsy `PauseMetadata`). */
export const PauseMetadata = v.object({
  /** `max_iterations_reached` in Tarsy; any label is kept. */
  reason: Label,
  current_iteration: v.nullish(Count),
  message: v.string(),
  paused_at_us: TimestampUs,
});
export type PauseMetadata = v.InferOutput<typeof PauseMetadata>;

/** The MCP servers (and native tools) a session was run with (Tarsy `MCPSelectionConfig`). */
export const McpSelection = v.object({
  servers: v.array(
    v.object({
      name: Label,
      /** Null: every tool of the server. */
      tools: v.nullish(v.array(Label)),
    }),
  ),
  native_tools: v.nullish(
    v.object({
      google_search: v.nullish(v.boolean()),
      code_execution: v.nullish(v.boolean()),
      url_context: v.nullish(v.boolean()),
    }),
  ),
});
export type McpSelection = v.InferOutput<typeof McpSelection>;

/** The user message a chat stage answers. */
export const ChatUserMessage = v.object({
  message_id: Id,
  content: v.string(),
  author: Label,
  created_at_us: TimestampUs,
});
export type ChatUserMessage = v.InferOutput<typeof ChatUserMessage>;

/** How a stage runs its agents: one, several different ones, or replicas of one. */
export const parallelTypes = ['single', 'multi_agent', 'replica'] as const;
/**
 * How a parallel stage runs its children: one agent (`single`), several agents (`multi_agent`)
 * or copies of one (`replica`).
 */
export const ParallelType = v.picklist(parallelTypes, 'must be single, multi_agent or replica');
export type ParallelType = v.InferOutput<typeof ParallelType>;

/**
 * What an LLM call was for. Tarsy's dashboard picks its reasoning items by it;
 * `chat` is Hindsight's own (the dashboard shows no reasoning item for it).
 */
export const llmInteractionTypes = [
  'investigation',
  'summarization',
  'final_analysis',
  'forced_conclusion',
  'final_analysis_summary',
  'chat',
] as const;
/** What an LLM call was for in Tarsy's terms (investigation, summarization, final analysis...). */
export const LLMInteractionType = v.picklist(
  llmInteractionTypes,
  `must be one of ${llmInteractionTypes.join(', ')}`,
);
export type LLMInteractionType = v.InferOutput<typeof LLMInteractionType>;
/** The interaction type of an LLM call that does not state one. */
export const defaultLLMInteractionType: LLMInteractionType = 'investigation';

/** Native tools a provider was given (Gemini: search, code execution, URL context). */
export const NativeToolsConfig = v.object({
  google_search: v.nullish(v.boolean()),
  code_execution: v.nullish(v.boolean()),
  url_context: v.nullish(v.boolean()),
});
export type NativeToolsConfig = v.InferOutput<typeof NativeToolsConfig>;
