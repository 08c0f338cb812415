import * as v from 'valibot';
import { Id } from './primitives.js';
import { SessionStatus, StageStatus } from './status.js';

// The answers of the control actions (POST .../cancel, .../resume,
// .../stages/{execution_id}/cancel). Tarsy's dashboard reads no field of them:
// it needs a 2xx, or a problem whose `detail` it shows. The fields are Tarsy's,
// so a script written for it reads the same answer.

/** What a cancel or resume request did: the session's status once the request is recorded. */
export const SessionActionResult = v.object({
  success: v.literal(true),
  /** For people: `Cancellation request sent`, `Session resume initiated`. */
  message: v.string(),
  session_id: Id,
  /** `canceling` after a cancel; still `paused` after a resume (the runtime reports `in_progress`). */
  status: SessionStatus,
});
export type SessionActionResult = v.InferOutput<typeof SessionActionResult>;

/** What cancelling one agent of a parallel stage did (Tarsy `CancelAgentResponse`). */
export const StageCancelResult = v.object({
  success: v.literal(true),
  message: v.string(),
  session_id: Id,
  execution_id: Id,
  /** The statuses as they are now: the runtime stops the agent and reports the outcome. */
  session_status: SessionStatus,
  stage_status: StageStatus,
});
export type StageCancelResult = v.InferOutput<typeof StageCancelResult>;

/** The path of a stage action: the session and one of its stages. */
export const SessionStagePath = v.object({ id: Id, execution_id: Id });
export type SessionStagePath = v.InferOutput<typeof SessionStagePath>;

/** Control events for agent runtimes, published on the `cancellations` channel. */
export const controlEventTypes = {
  sessionCancelRequested: 'session.cancel_requested',
  sessionResumeRequested: 'session.resume_requested',
  agentCancelRequested: 'agent.cancel_requested',
} as const;
