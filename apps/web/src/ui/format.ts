// Every number the dashboard shows goes through here, so the pages agree.

/** A duration in milliseconds: `850 ms`, `4.2 s`, `3m 05s`, `2h 04m`; an em dash when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, '0')}h`;
}

/** A token count: `950`, `12.4k`, `3.1M`; an em dash when unknown. */
export function formatTokens(tokens: number | null | undefined): string {
  if (tokens === null || tokens === undefined || !Number.isFinite(tokens)) return '—';
  if (tokens < 1000) return String(tokens);
  if (tokens < 1_000_000) return `${trimZero((tokens / 1000).toFixed(tokens < 10_000 ? 2 : 1))}k`;
  return `${trimZero((tokens / 1_000_000).toFixed(tokens < 10_000_000 ? 2 : 1))}M`;
}

/**
 * A cost in US dollars from its decimal string: `$12.35`, `$0.0073`,
 * `<$0.0001`; an em dash when there is none (no call of it was priced).
 */
export function formatUsd(usd: string | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  const amount = Number(usd);
  if (!Number.isFinite(amount)) return '—';
  if (amount === 0) return '$0';
  if (amount >= 1) return `$${amount.toFixed(2)}`;
  if (amount < 0.0001) return '<$0.0001';
  return `$${trimZero(amount.toFixed(4))}`;
}

/** A count with thousands separators: `12,345`. */
export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined) return '—';
  return new Intl.NumberFormat('en-US').format(count);
}

function trimZero(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Microseconds since the epoch as a local date and time: `2026-12-01 21:30:05`. */
export function formatTimestamp(us: number | null | undefined, timeZone?: 'UTC'): string {
  if (us === null || us === undefined) return '—';
  const d = new Date(Math.floor(us / 1000));
  if (timeZone === 'UTC') {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Microseconds as an ISO 8601 string, for `<time dateTime>`. */
export function isoFromUs(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

/** How long ago, from `nowUs`: `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatRelative(us: number, nowUs: number): string {
  const seconds = Math.max(0, Math.round((nowUs - us) / 1_000_000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** Offset of an interaction from the session start: `+1.250 s`. */
export function formatOffset(us: number, startUs: number): string {
  const ms = Math.max(0, (us - startUs) / 1000);
  return `+${(ms / 1000).toFixed(3)} s`;
}

/** A status value as words: `in_progress` → `in progress`. */
export function formatStatus(status: string): string {
  return status.replaceAll('_', ' ');
}
