import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <main id="main" className="page">
      <div className="state state-error">
        <h1 className="state-title">Page not found</h1>
        <p>There is nothing at this address.</p>
        <p>
          <Link to="/" className="button primary">
            Go to the sessions
          </Link>
        </p>
      </div>
    </main>
  );
}
