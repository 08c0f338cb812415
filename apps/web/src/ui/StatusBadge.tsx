import { formatStatus } from './format.js';

/** A session or stage status, as a coloured label that also reads as text. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{formatStatus(status)}</span>;
}
