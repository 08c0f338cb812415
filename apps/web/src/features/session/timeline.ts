import type { DetailedSession, DetailedStage, Interaction } from '@hindsight/models';

export interface TimelineItem {
  readonly interaction: Interaction;
  /** The stage it belongs to; undefined for a session-level interaction. */
  readonly stage: DetailedStage | undefined;
}

/** Every interaction of the session, stages' and session-level ones, in time order. */
export function timelineOf(session: DetailedSession): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const stage of session.stages) {
    for (const interaction of stage.chronological_interactions) items.push({ interaction, stage });
  }
  for (const interaction of session.session_level_interactions) {
    items.push({ interaction, stage: undefined });
  }
  return items.sort(
    (a, b) =>
      a.interaction.timestamp_us - b.interaction.timestamp_us ||
      a.interaction.event_id.localeCompare(b.interaction.event_id),
  );
}

/** Whether an interaction failed. */
export function failed(interaction: Interaction): boolean {
  return !interaction.details.success;
}

/** The span a waterfall draws over: session start to its end (or the last thing seen). */
export function spanOf(session: DetailedSession, items: readonly TimelineItem[]) {
  const start = session.started_at_us;
  let end = session.completed_at_us ?? start;
  for (const { interaction } of items) {
    end = Math.max(end, interaction.timestamp_us + (interaction.duration_ms ?? 0) * 1000);
  }
  for (const stage of session.stages) end = Math.max(end, stage.completed_at_us ?? 0);
  return { start, end: Math.max(end, start + 1) };
}

/** The narrowest bar, in percent: an instant call still shows. */
const minWidth = 0.4;

/** Left offset and width of a bar, in percent of the span. */
export function barOf(
  startUs: number,
  durationMs: number | null,
  span: { start: number; end: number },
) {
  const total = span.end - span.start;
  const left = Math.min(100 - minWidth, Math.max(0, ((startUs - span.start) / total) * 100));
  const width = Math.max(
    minWidth,
    Math.min(100 - left, (((durationMs ?? 0) * 1000) / total) * 100),
  );
  return { left, width };
}
