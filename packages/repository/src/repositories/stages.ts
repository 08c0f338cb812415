import type { StageExecutionRecord } from '@hindsight/models';
import type { Db } from '../database.js';
import { stageExecutions } from '../schema/stages.js';

/** Inserts a stage execution; returns false when it already exists. */
export async function insertStage(db: Db, stage: StageExecutionRecord): Promise<boolean> {
  const inserted = await db
    .insert(stageExecutions)
    .values(stage)
    .onConflictDoNothing({ target: [stageExecutions.session_id, stageExecutions.execution_id] })
    .returning({ execution_id: stageExecutions.execution_id });
  return inserted.length === 1;
}
