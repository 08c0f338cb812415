import { HindsightProblemError } from '@hindsight/client';
import { type FormEvent, useId, useState } from 'react';
import { useSignIn } from './auth.js';

/** The API key is sent once, in exchange for an HttpOnly cookie; it is never stored in the page. */
export function SignInPage() {
  const signIn = useSignIn();
  const [key, setKey] = useState('');
  const fieldId = useId();
  const errorId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() !== '') signIn.mutate(key.trim(), { onSuccess: () => setKey('') });
  };
  const problem = signIn.error instanceof HindsightProblemError ? signIn.error : undefined;
  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-card" onSubmit={onSubmit} aria-describedby={errorId}>
        <h1>Sign in to Hindsight</h1>
        <p className="muted">
          Paste an API key with the read scope. It is exchanged for a session cookie and not kept by
          this page.
        </p>
        <label htmlFor={fieldId}>API key</label>
        <input
          id={fieldId}
          name="api_key"
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
        />
        <p id={errorId} role="alert" className="form-error">
          {signIn.isError &&
            (problem?.status === 401
              ? 'That key was not accepted: it may be wrong or revoked.'
              : (problem?.detail ?? 'Signing in failed; try again.'))}
        </p>
        <button className="button primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
