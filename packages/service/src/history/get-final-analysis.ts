import { FinalAnalysisResponse, Id, toLLMConversationHistory } from '@hindsight/models';
import { findFinalAnalysis, findLastLLMInteraction } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { NotFoundError, parseInput } from '../errors.js';
import { operation } from '../hub/operation.js';

/**
 * Which session's final analysis to read, and whether with the LLM conversation that produced
 * it.
 */
export const GetFinalAnalysisInput = v.object({
  session_id: Id,
  include_conversation: v.optional(v.boolean(), false),
});
export type GetFinalAnalysisInput = v.InferInput<typeof GetFinalAnalysisInput>;

/**
 * A session's final analysis (null while it has none: the status says why)
 * and, when asked for, the conversation of its last LLM call, which carries
 * the whole exchange that led to the analysis.
 */
export async function getFinalAnalysis({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: GetFinalAnalysisInput;
}): Promise<FinalAnalysisResponse> {
  const { session_id, include_conversation } = parseInput(GetFinalAnalysisInput, input);
  const session = await findFinalAnalysis(ctx.db, session_id);
  if (!session) throw new NotFoundError('session', session_id);
  const last = include_conversation ? await findLastLLMInteraction(ctx.db, session_id) : null;
  return {
    session_id: session.session_id,
    status: session.status,
    final_analysis: session.final_analysis,
    final_analysis_summary: session.final_analysis_summary,
    executive_summary_error: session.executive_summary_error,
    llm_conversation: last ? toLLMConversationHistory(last) : null,
  };
}

export const getFinalAnalysisOperation = operation({
  name: 'sessions.finalAnalysis',
  input: GetFinalAnalysisInput,
  output: FinalAnalysisResponse,
  scope: 'read',
  audit: false,
  pool: 'read',
  run: getFinalAnalysis,
});
