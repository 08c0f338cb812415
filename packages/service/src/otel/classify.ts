import type { OtelSpanRecord, OtelSpanRole } from '@hindsight/models';
import { text } from './attributes.js';

const stageOperations = new Set(['invoke_agent', 'invoke_workflow']);
/** Inference operations (`generate_content` for Gemini; `completion` from older instrumentations). */
const llmOperations = new Set(['chat', 'text_completion', 'generate_content', 'completion']);
/** MCP methods recorded as tool calls or tool lists; other methods (initialize, ping...) are not. */
const mcpToolMethods = new Set(['tools/call', 'tools/list']);
/** Vercel AI SDK: the calls themselves, and the operations around them (stages). */
const vercelLlmOperations = new Set([
  'ai.generateText.doGenerate',
  'ai.streamText.doStream',
  'ai.generateObject.doGenerate',
  'ai.streamObject.doStream',
]);
const vercelStageOperations = new Set([
  'ai.generateText',
  'ai.streamText',
  'ai.generateObject',
  'ai.streamObject',
]);

/**
 * What a span is to Hindsight, from the newest GenAI conventions first, then
 * the older and the other families: OpenInference's span kind, OpenLLMetry's
 * `traceloop.span.kind` and `llm.request.type`, the Vercel AI SDK's
 * `ai.operationId`, and a bare `gen_ai.request.model` as the last resort.
 */
export function classifySpan(span: Pick<OtelSpanRecord, 'name' | 'attributes'>): OtelSpanRole {
  const a = span.attributes;
  const operation = text(a, 'gen_ai.operation.name');
  if (operation !== undefined) {
    if (stageOperations.has(operation)) return 'stage';
    if (llmOperations.has(operation)) return 'llm';
    if (operation === 'execute_tool') return 'tool';
  }
  const mcpMethod = text(a, 'mcp.method.name');
  if (mcpMethod !== undefined) return mcpToolMethods.has(mcpMethod) ? 'tool' : 'other';
  if (operation !== undefined) return 'other';
  const openInferenceKind = text(a, 'openinference.span.kind');
  if (openInferenceKind !== undefined) {
    switch (openInferenceKind.toUpperCase()) {
      case 'AGENT':
      case 'CHAIN':
        return 'stage';
      case 'LLM':
        return 'llm';
      case 'TOOL':
        return 'tool';
      default:
        return 'other';
    }
  }
  switch (text(a, 'traceloop.span.kind')) {
    case 'agent':
    case 'workflow':
      return 'stage';
    case 'tool':
      return 'tool';
    default:
      break;
  }
  const requestType = text(a, 'llm.request.type');
  if (requestType === 'chat' || requestType === 'completion') return 'llm';
  const vercel = text(a, 'ai.operationId');
  if (vercel !== undefined) {
    if (vercelLlmOperations.has(vercel)) return 'llm';
    if (vercelStageOperations.has(vercel)) return 'stage';
    if (vercel === 'ai.toolCall') return 'tool';
    return 'other';
  }
  if (text(a, 'gen_ai.request.model', 'gen_ai.response.model') !== undefined) return 'llm';
  return 'other';
}
