import type { StageExecutionRecord } from '@hindsight/models';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../database.js';
import { stageExecutions } from '../schema/stages.js';
import { inJsonPlaceholder, jsonRowsOf, updateFromPatches } from './json-rows.js';
import { compareIds } from './sessions.js';

/** Inserts a stage execution; returns false when it already exists. */
export async function insertStage(db: Db, stage: StageExecutionRecord): Promise<boolean> {
  const inserted = await db
    .insert(stageExecutions)
    .values(stage)
    .onConflictDoNothing({ target: [stageExecutions.session_id, stageExecutions.execution_id] })
    .returning({ execution_id: stageExecutions.execution_id });
  return inserted.length === 1;
}

/** What ingest needs to know of a stored stage to apply its lifecycle. */
export type StageState = Pick<
  StageExecutionRecord,
  'session_id' | 'execution_id' | 'status' | 'started_at_us'
> & {
  /** Published with the stage's end (live events); absent where a caller did not read it. */
  readonly stage_name?: string;
};

/** Changes to a stored stage; its keys never change. */
export type StagePatch = Partial<Omit<StageExecutionRecord, 'session_id' | 'execution_id'>>;

/**
 * Every stored stage whose execution id is among `executionIds`, in whichever
 * session: the key is (session_id, execution_id), so an id may be found in a
 * session other than the one an event names.
 */
export async function findStageStates(
  db: Db,
  executionIds: readonly string[],
): Promise<StageState[]> {
  if (executionIds.length === 0) return [];
  return db
    .select({
      session_id: stageExecutions.session_id,
      execution_id: stageExecutions.execution_id,
      status: stageExecutions.status,
      started_at_us: stageExecutions.started_at_us,
      stage_name: stageExecutions.stage_name,
    })
    .from(stageExecutions)
    .where(inJsonPlaceholder(stageExecutions.execution_id, 'ids'))
    .prepare('hindsight_find_stage_states')
    .execute({ ids: JSON.stringify(executionIds) });
}

/** Inserts new stages with multi-row INSERTs; an existing key throws a unique violation. */
export async function insertStages(db: Db, stages: readonly StageExecutionRecord[]): Promise<void> {
  if (stages.length === 0) return;
  const sorted = [...stages].sort(
    (a, b) => compareIds(a.session_id, b.session_id) || compareIds(a.execution_id, b.execution_id),
  );
  await db
    .insert(stageExecutions)
    .select(jsonRowsOf(stageExecutions))
    .prepare('hindsight_insert_stages')
    .execute({ rows: JSON.stringify(sorted) });
}

/** Applies `patch` to one stage; returns false when there is no such stage. */
export async function updateStage(
  db: Db,
  key: Pick<StageExecutionRecord, 'session_id' | 'execution_id'>,
  patch: StagePatch,
): Promise<boolean> {
  if (Object.keys(patch).length === 0) return true;
  const updated = await db
    .update(stageExecutions)
    .set(patch)
    .where(
      and(
        eq(stageExecutions.session_id, key.session_id),
        eq(stageExecutions.execution_id, key.execution_id),
      ),
    )
    .returning({ execution_id: stageExecutions.execution_id });
  return updated.length === 1;
}

/** A patch of one stored stage, for updateStages. */
export interface StagePatchOf {
  readonly key: Pick<StageExecutionRecord, 'session_id' | 'execution_id'>;
  readonly patch: StagePatch;
}

/**
 * Applies many stage patches, one prepared UPDATE per set of patched columns
 * (see updateFromPatches): a batch that ends ten stages costs one statement,
 * not ten. A patch naming no stage changes nothing.
 */
export async function updateStages(db: Db, patches: readonly StagePatchOf[]): Promise<void> {
  const sorted = [...patches].sort(
    (a, b) =>
      compareIds(a.key.session_id, b.key.session_id) ||
      compareIds(a.key.execution_id, b.key.execution_id),
  );
  await updateFromPatches(
    db,
    stageExecutions,
    [stageExecutions.session_id, stageExecutions.execution_id],
    sorted.map(({ key, patch }) => [key, patch]),
    'hindsight_update_stages',
  );
}

/** One stage of one session, or null when the session has no stage of that id. */
export async function findStage(
  db: Db,
  key: Pick<StageExecutionRecord, 'session_id' | 'execution_id'>,
): Promise<StageExecutionRecord | null> {
  const rows = await db
    .select()
    .from(stageExecutions)
    .where(
      and(
        eq(stageExecutions.session_id, key.session_id),
        eq(stageExecutions.execution_id, key.execution_id),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}
