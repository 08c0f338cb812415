import {
  controlEventTypes,
  Id,
  isTerminalSessionStatus,
  isTerminalStageStatus,
  SessionActionResult,
  type SessionStatus,
  StageCancelResult,
} from '@hindsight/models';
import { findStage, lockSessionStates, updateSession } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { operation } from '../hub/operation.js';
import { controlEvent, publishLiveEvents } from '../live/publish.js';

// Hindsight records runs; it does not run them. A control action records the
// request, sets the interim status where there is one (`canceling`) and tells
// the runtimes on the `cancellations` channel; the runtime that owns the run
// stops (or resumes) it and reports the outcome by ingest, as for any change.
// Each action is audited with its principal (the hub writes the audit row in
// the same transaction), and runs under the session's row lock, so it cannot
// interleave with an ingest batch on the same session.

export const SessionActionInput = v.object({ session_id: Id });
export type SessionActionInput = v.InferInput<typeof SessionActionInput>;

export const StageActionInput = v.object({ session_id: Id, execution_id: Id });
export type StageActionInput = v.InferInput<typeof StageActionInput>;

const sessionTarget = (input: { session_id: string }) => `session:${input.session_id}`;

/** The session's status, locked until the action's transaction ends. */
async function lockedStatus(ctx: ServiceContext, sessionId: string): Promise<SessionStatus> {
  const [state] = await lockSessionStates(ctx.db, [sessionId]);
  if (!state) throw new NotFoundError('session', sessionId);
  return state.status;
}

/**
 * Asks the runtime to cancel a session: `canceling` until it reports
 * `session.cancelled` (or another end). A repeat re-sends the request (a
 * runtime may have missed it); an ended session cannot be cancelled (409).
 * A paused session becomes `canceling` too: whether a runtime still holds it
 * is the runtime's to say, not ours.
 */
export async function cancelSession(
  ctx: ServiceContext,
  input: v.InferOutput<typeof SessionActionInput>,
): Promise<SessionActionResult> {
  const status = await lockedStatus(ctx, input.session_id);
  if (isTerminalSessionStatus(status)) {
    throw new ConflictError(
      `session ${input.session_id} is already ${status}: it cannot be cancelled`,
    );
  }
  if (status !== 'canceling') {
    await updateSession(ctx.db, input.session_id, { status: 'canceling' });
  }
  await publishLiveEvents(ctx, [
    controlEvent(ctx, controlEventTypes.sessionCancelRequested, { session_id: input.session_id }),
  ]);
  return {
    success: true,
    message: 'Cancellation request sent',
    session_id: input.session_id,
    status: 'canceling',
  };
}

/** Asks the runtime to resume a paused session; it reports `in_progress` when it does. */
export async function resumeSession(
  ctx: ServiceContext,
  input: v.InferOutput<typeof SessionActionInput>,
): Promise<SessionActionResult> {
  const status = await lockedStatus(ctx, input.session_id);
  if (status !== 'paused') {
    throw new ConflictError(`session ${input.session_id} is not paused (status: ${status})`);
  }
  await publishLiveEvents(ctx, [
    controlEvent(ctx, controlEventTypes.sessionResumeRequested, { session_id: input.session_id }),
  ]);
  return {
    success: true,
    message: 'Session resume initiated',
    session_id: input.session_id,
    status,
  };
}

/**
 * Asks the runtime to cancel one agent of a parallel stage (a child stage,
 * not yet ended); the runtime decides what becomes of its parent and session.
 */
export async function cancelStage(
  ctx: ServiceContext,
  input: v.InferOutput<typeof StageActionInput>,
): Promise<v.InferOutput<typeof StageCancelResult>> {
  const status = await lockedStatus(ctx, input.session_id);
  if (isTerminalSessionStatus(status)) {
    throw new ConflictError(
      `session ${input.session_id} is already ${status}: its agents have stopped`,
    );
  }
  const stage = await findStage(ctx.db, input);
  if (!stage) throw new NotFoundError('stage', input.execution_id);
  if (stage.parent_stage_execution_id === null) {
    throw new ConflictError(
      `stage execution ${input.execution_id} is not a child stage (no parent): cancel the session instead`,
    );
  }
  if (isTerminalStageStatus(stage.status)) {
    throw new ConflictError(`stage execution ${input.execution_id} is already ${stage.status}`);
  }
  await publishLiveEvents(ctx, [
    controlEvent(ctx, controlEventTypes.agentCancelRequested, {
      session_id: input.session_id,
      execution_id: input.execution_id,
      agent_name: stage.agent,
      parent_stage_execution_id: stage.parent_stage_execution_id,
    }),
  ]);
  return {
    success: true,
    message: 'Agent cancellation request sent',
    session_id: input.session_id,
    execution_id: input.execution_id,
    session_status: status,
    stage_status: stage.status,
  };
}

export const cancelSessionOperation = operation({
  name: 'sessions.cancel',
  input: SessionActionInput,
  output: SessionActionResult,
  scope: 'control',
  audit: true,
  target: sessionTarget,
  run: ({ ctx, input }) => cancelSession(ctx, input),
});

export const resumeSessionOperation = operation({
  name: 'sessions.resume',
  input: SessionActionInput,
  output: SessionActionResult,
  scope: 'control',
  audit: true,
  target: sessionTarget,
  run: ({ ctx, input }) => resumeSession(ctx, input),
});

export const cancelStageOperation = operation({
  name: 'sessions.cancelStage',
  input: StageActionInput,
  output: StageCancelResult,
  scope: 'control',
  audit: true,
  target: (input) => `stage:${input.session_id}/${input.execution_id}`,
  run: ({ ctx, input }) => cancelStage(ctx, input),
});
