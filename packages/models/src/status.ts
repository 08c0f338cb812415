import * as v from 'valibot';

export const sessionStatuses = [
  'pending',
  'in_progress',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export const SessionStatus = v.picklist(sessionStatuses);
export type SessionStatus = v.InferOutput<typeof SessionStatus>;

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
export const StageStatus = v.picklist(stageStatuses);
export type StageStatus = v.InferOutput<typeof StageStatus>;

/** Terminal statuses never go back to a running state. */
export const terminalStatuses = ['completed', 'failed', 'cancelled', 'timed_out'] as const;
export type TerminalStatus = (typeof terminalStatuses)[number];

/** Sessions that are still running or waiting, as `/active-sessions` lists them. */
export const activeSessionStatuses = ['pending', 'in_progress', 'paused'] as const;

export function isTerminalSessionStatus(status: SessionStatus): boolean {
  return (terminalStatuses as readonly string[]).includes(status);
}

/** `partial` is terminal for a stage: it finished with part of its work done. */
export function isTerminalStageStatus(status: StageStatus): boolean {
  return status === 'partial' || (terminalStatuses as readonly string[]).includes(status);
}
