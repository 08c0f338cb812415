import type { LiveState } from '@hindsight/client';
import { useLiveState } from './LiveProvider.js';

const labels: Record<LiveState, { text: string; title: string }> = {
  connecting: { text: 'Connecting…', title: 'Connecting to live updates' },
  open: { text: 'Live', title: 'Pages update as agents record their runs' },
  reconnecting: {
    text: 'Reconnecting…',
    title: 'Live updates are interrupted; pages refresh once the connection is back',
  },
  closed: { text: 'Offline', title: 'Live updates are off' },
};

/** Whether what the pages show follows the server, announced to screen readers when it changes. */
export function LiveIndicator() {
  const state = useLiveState();
  const label = labels[state];
  return (
    <span className={`live-indicator live-${state}`} title={label.title} role="status">
      <span className="live-dot" aria-hidden="true" />
      {label.text}
    </span>
  );
}
