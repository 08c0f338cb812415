import type { LLMInteractionRecord, SessionStatus } from '@hindsight/models';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../database.js';
import { llmInteractions } from '../schema/llm-interactions.js';
import { alertSessions } from '../schema/sessions.js';

/** What the final-analysis answer is made from: the session's status and its analysis fields. */
export interface FinalAnalysisSource {
  readonly session_id: string;
  readonly status: SessionStatus;
  readonly final_analysis: string | null;
  readonly final_analysis_summary: string | null;
  readonly executive_summary_error: string | null;
}

/** A session's status and final analysis; null when the session does not exist. */
export async function findFinalAnalysis(
  db: Db,
  sessionId: string,
): Promise<FinalAnalysisSource | null> {
  const [row] = await db
    .select({
      session_id: alertSessions.session_id,
      status: alertSessions.status,
      final_analysis: alertSessions.final_analysis,
      final_analysis_summary: alertSessions.final_analysis_summary,
      executive_summary_error: alertSessions.executive_summary_error,
    })
    .from(alertSessions)
    .where(eq(alertSessions.session_id, sessionId))
    .limit(1);
  return row ?? null;
}

/**
 * The session's most recent LLM call (ties broken by id), read backwards
 * through the (session_id, timestamp_us) index; null when it made none.
 */
export async function findLastLLMInteraction(
  db: Db,
  sessionId: string,
): Promise<LLMInteractionRecord | null> {
  const [row] = await db
    .select()
    .from(llmInteractions)
    .where(eq(llmInteractions.session_id, sessionId))
    .orderBy(desc(llmInteractions.timestamp_us), desc(llmInteractions.interaction_id))
    .limit(1);
  return row ?? null;
}
