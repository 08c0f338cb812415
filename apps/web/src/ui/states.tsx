import { HindsightProblemError } from '@hindsight/client';
import type { ReactNode } from 'react';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** A failed request: what the problem document says, and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const problem = error instanceof HindsightProblemError ? error : undefined;
  if (problem?.status === 401) {
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">Not signed in</p>
        <p>
          This server needs credentials for that. Sign in with an API key; for a look on your own
          machine, start the server with <code>HINDSIGHT_AUTH=off</code>.
        </p>
      </div>
    );
  }
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">
        {problem ? `${problem.status} ${problem.title}` : 'Something went wrong'}
      </p>
      <p>{problem?.detail ?? (error instanceof Error ? error.message : String(error))}</p>
      {problem && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
      {problem?.traceId && <p className="muted">Trace id: {problem.traceId}</p>}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
