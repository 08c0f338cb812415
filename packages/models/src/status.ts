import * as v from 'valibot';

/** Every status of a session, running ones first. */
export const sessionStatuses = [
  'pending',
  'in_progress',
  'paused',
  /** A cancel was asked for (POST .../cancel); the runtime has not yet reported `session.cancelled`. */
  'canceling',
  'completed',
  'failed',
  'cancelled',
  'timed_out',
] as const;
/** Where a session is: pending, running, paused, or one of the terminal statuses. */
export const SessionStatus = v.picklist(
  sessionStatuses,
  `must be one of ${sessionStatuses.join(', ')}`,
);
export type SessionStatus = v.InferOutput<typeof SessionStatus>;

/** Every status of a stage execution, running ones first. */
export const stageStatuses = [
  'pending',
  'active',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'timed_out',
  'partial',
] as const;
/** Where a stage execution is; `partial` means some children of a parallel stage failed. */
export const StageStatus = v.picklist(stageStatuses);
export type StageStatus = v.InferOutput<typeof StageStatus>;

/** Terminal statuses never go back to a running state. */
export const terminalStatuses = ['completed', 'failed', 'cancelled', 'timed_out'] as const;
/** A status a session or stage never leaves. */
export type TerminalStatus = (typeof terminalStatuses)[number];

/** Sessions that are still running or waiting, as `/active-sessions` lists them. */
export const activeSessionStatuses = ['pending', 'in_progress', 'paused', 'canceling'] as const;

/** Whether a session has ended (completed, failed, cancelled or timed out). */
export function isTerminalSessionStatus(status: SessionStatus): boolean {
  return (terminalStatuses as readonly string[]).includes(status);
}

/** `partial` is terminal for a stage: it finished with part of its work done. */
export function isTerminalStageStatus(status: StageStatus): boolean {
  return status === 'partial' || (terminalStatuses as readonly string[]).includes(status);
}
