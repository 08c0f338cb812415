import type {
  LLMMessage,
  LLMMessageRole,
  OtelAttributes,
  OtelSpanRecord,
  OtelValue,
} from '@hindsight/models';
import { asText, indexed, structured, text } from './attributes.js';

/** A tool call the model asked for, as `tool_calls` keeps it. */
export interface ModelToolCall {
  readonly id: string | null;
  readonly name: string;
  readonly arguments: OtelValue;
}

export interface Conversation {
  readonly messages: LLMMessage[];
  readonly toolCalls: ModelToolCall[];
  /** The last assistant text: what a root span's output reads as. */
  readonly outputText: string | null;
}

const roles: Record<string, LLMMessageRole> = {
  system: 'system',
  developer: 'system',
  instruction: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  model: 'assistant',
  ai: 'assistant',
  bot: 'assistant',
  tool: 'tool',
  function: 'tool',
  ipython: 'tool',
};

function roleOf(value: OtelValue | undefined, fallback: LLMMessageRole): LLMMessageRole {
  return typeof value === 'string' ? (roles[value.toLowerCase()] ?? fallback) : fallback;
}

type Json = Record<string, OtelValue>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One message part (GenAI `parts[]` or Vercel `content[]`) as text; tool calls collected. */
function partText(part: OtelValue, calls: ModelToolCall[]): string {
  if (typeof part === 'string') return part;
  if (!isRecord(part)) return asText(part);
  const type = typeof part.type === 'string' ? part.type : '';
  switch (type) {
    case 'text':
    case 'reasoning':
      return asText(part.content ?? part.text);
    case 'tool_call':
    case 'tool-call': {
      const name = asText(part.name ?? part.toolName) || 'tool';
      const args = part.arguments ?? part.input ?? part.args ?? null;
      calls.push({ id: asText(part.id ?? part.toolCallId) || null, name, arguments: args });
      return `[tool call ${name} ${asText(args)}]`;
    }
    case 'tool_call_response':
    case 'tool-result':
      return asText(part.response ?? part.result ?? part.output);
    default:
      return `[${type || 'part'}]`;
  }
}

/** Messages of the GenAI JSON schema (`role` + `parts`) or of the Vercel AI SDK (`role` + `content`). */
function fromMessageList(
  value: OtelValue | undefined,
  fallback: LLMMessageRole,
  calls: ModelToolCall[],
): LLMMessage[] {
  if (!Array.isArray(value)) return [];
  const messages: LLMMessage[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const body = item.parts ?? item.content ?? item.message;
    const parts = Array.isArray(body) ? body : [body ?? ''];
    const content = parts
      .map((part) => partText(part, calls))
      .filter((t) => t !== '')
      .join('\n');
    messages.push({ role: roleOf(item.role, fallback), content });
  }
  return messages;
}

/** `gen_ai.system_instructions`: parts, or a plain string. */
function systemInstructions(value: OtelValue | undefined): LLMMessage[] {
  if (value === undefined || value === null) return [];
  const parts = Array.isArray(value) ? value : [value];
  const content = parts.map((part) => partText(part, [])).join('\n');
  return content === '' ? [] : [{ role: 'system', content }];
}

/** Flattened messages: OpenInference `llm.input_messages.N.message.*`, OpenLLMetry `gen_ai.prompt.N.*`. */
function fromIndexed(
  a: OtelAttributes,
  prefix: string,
  field: string,
  fallback: LLMMessageRole,
  calls: ModelToolCall[],
): LLMMessage[] {
  return indexed(a, prefix).map((group) => {
    const at = (key: string) => group[field === '' ? key : `${field}.${key}`];
    let content = asText(at('content'));
    if (content === '') {
      const parts = Object.entries(group)
        .filter(([key]) => /contents\.\d+\.message_content\.text$/.test(key))
        .map(([, value]) => asText(value));
      content = parts.join('\n');
    }
    for (const call of indexed(
      group as OtelAttributes,
      field === '' ? 'tool_calls' : `${field}.tool_calls`,
    )) {
      const name = asText(call.name ?? call['tool_call.function.name']) || 'tool';
      const args = call.arguments ?? call['tool_call.function.arguments'] ?? null;
      calls.push({ id: asText(call.id ?? call['tool_call.id']) || null, name, arguments: args });
      content = content === '' ? `[tool call ${name} ${asText(args)}]` : content;
    }
    return { role: roleOf(at('role'), fallback), content };
  });
}

function lastAssistantText(messages: readonly LLMMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (message?.role === 'assistant' && message.content !== '') return message.content;
  }
  return null;
}

/**
 * The conversation of an inference span, from whichever convention the
 * instrumentation used, newest first: `gen_ai.system_instructions`,
 * `gen_ai.input.messages` and `gen_ai.output.messages` (on the span or its
 * `gen_ai.client.inference.operation.details` event); OpenInference
 * `llm.input_messages`/`llm.output_messages`; the older `gen_ai.prompt.N`/
 * `gen_ai.completion.N` (OpenLLMetry) and `gen_ai.content.prompt` events;
 * the Vercel AI SDK's `ai.prompt.messages` and `ai.response.*`.
 */
export function conversationOf(span: Pick<OtelSpanRecord, 'attributes' | 'events'>): Conversation {
  const details = span.events.find((e) => e.name === 'gen_ai.client.inference.operation.details');
  const a: OtelAttributes = { ...(details?.attributes ?? {}), ...span.attributes };
  const calls: ModelToolCall[] = [];
  const input: LLMMessage[] = [];
  const output: LLMMessage[] = [];
  if (a['gen_ai.input.messages'] !== undefined || a['gen_ai.output.messages'] !== undefined) {
    input.push(...systemInstructions(structured(a, 'gen_ai.system_instructions')));
    input.push(...fromMessageList(structured(a, 'gen_ai.input.messages'), 'user', []));
    output.push(...fromMessageList(structured(a, 'gen_ai.output.messages'), 'assistant', calls));
  } else if (
    Object.keys(a).some(
      (k) => k.startsWith('llm.input_messages.') || k.startsWith('llm.output_messages.'),
    )
  ) {
    input.push(...fromIndexed(a, 'llm.input_messages', 'message', 'user', []));
    output.push(...fromIndexed(a, 'llm.output_messages', 'message', 'assistant', calls));
  } else if (
    Object.keys(a).some((k) => k.startsWith('gen_ai.prompt.') || k.startsWith('gen_ai.completion.'))
  ) {
    input.push(...fromIndexed(a, 'gen_ai.prompt', '', 'user', []));
    output.push(...fromIndexed(a, 'gen_ai.completion', '', 'assistant', calls));
  } else if (a['ai.prompt.messages'] !== undefined || a['ai.response.text'] !== undefined) {
    input.push(...fromMessageList(structured(a, 'ai.prompt.messages'), 'user', []));
    const response = text(a, 'ai.response.text');
    const toolCalls = structured(a, 'ai.response.toolCalls');
    const parts: OtelValue[] = [];
    if (response !== undefined) parts.push({ type: 'text', content: response });
    if (Array.isArray(toolCalls)) {
      for (const call of toolCalls) if (isRecord(call)) parts.push({ ...call, type: 'tool-call' });
    }
    if (parts.length > 0)
      output.push(...fromMessageList([{ role: 'assistant', parts }], 'assistant', calls));
  } else {
    for (const event of span.events) {
      if (event.name === 'gen_ai.content.prompt') {
        input.push(...fromMessageList(structured(event.attributes, 'gen_ai.prompt'), 'user', []));
      } else if (event.name === 'gen_ai.content.completion') {
        output.push(
          ...fromMessageList(structured(event.attributes, 'gen_ai.completion'), 'assistant', calls),
        );
      }
    }
  }
  const messages = [...input, ...output];
  return { messages, toolCalls: calls, outputText: lastAssistantText(output) };
}

/** What a non-inference span (agent, tool, chain) says it returned, as text, if anything. */
export function outputTextOf(span: Pick<OtelSpanRecord, 'attributes' | 'events'>): string | null {
  const fromMessages = conversationOf(span).outputText;
  if (fromMessages !== null) return fromMessages;
  return (
    text(span.attributes, 'output.value', 'traceloop.entity.output', 'ai.response.text') ?? null
  );
}
