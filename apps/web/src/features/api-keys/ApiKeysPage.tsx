import { type ApiKey, type ApiKeyScope, apiKeyScopes, type CreatedApiKey } from '@hindsight/models';
import { AlertDialog, Dialog } from 'radix-ui';
import { type FormEvent, useId, useState } from 'react';
import { formatTimestamp } from '../../ui/format.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './queries.js';

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['read']);
  const nameId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), scopes },
      {
        onSuccess: (key) => {
          setName('');
          onCreated(key);
        },
      },
    );
  };
  return (
    <form className="card create-key" onSubmit={submit} aria-labelledby="create-key-title">
      <h2 id="create-key-title">Create a key</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={255}
          placeholder="e.g. triage-agent"
        />
      </div>
      <fieldset>
        <legend>Scopes</legend>
        {apiKeyScopes.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) =>
                setScopes((prev) =>
                  e.target.checked
                    ? apiKeyScopes.filter((s) => s === scope || prev.includes(s))
                    : prev.filter((s) => s !== scope),
                )
              }
            />
            {scope}
          </label>
        ))}
      </fieldset>
      {create.isError && <ErrorState error={create.error} />}
      <button
        type="submit"
        className="button primary"
        disabled={create.isPending || scopes.length === 0 || name.trim() === ''}
      >
        {create.isPending ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}

function NewKeyDialog({
  created,
  onClose,
}: {
  created: CreatedApiKey | undefined;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog.Root open={created !== undefined} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>Key “{created?.name}” created</Dialog.Title>
          <Dialog.Description>
            Copy it now: it is shown this once and stored only as a hash.
          </Dialog.Description>
          <output className="secret mono" aria-label="The new API key">
            {created?.key}
          </output>
          <div className="dialog-actions">
            <button
              type="button"
              className="button"
              onClick={async () => {
                await navigator.clipboard?.writeText(created?.key ?? '').catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
            <Dialog.Close className="button primary">Done</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger className="button danger small" disabled={revoke.isPending}>
        Revoke
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog">
          <AlertDialog.Title>Revoke “{apiKey.name}”?</AlertDialog.Title>
          <AlertDialog.Description>
            Every client using this key is refused at once. This cannot be undone.
          </AlertDialog.Description>
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
            <AlertDialog.Action className="button danger" onClick={() => revoke.mutate(apiKey.id)}>
              Revoke key
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

export function ApiKeysPage() {
  const list = useApiKeys();
  const [created, setCreated] = useState<CreatedApiKey | undefined>(undefined);
  return (
    <main id="main" className="page">
      <header className="page-header">
        <h1>API keys</h1>
        <p className="muted">Keys let agents record runs and people read them.</p>
      </header>
      <CreateKeyForm onCreated={setCreated} />
      <NewKeyDialog created={created} onClose={() => setCreated(undefined)} />
      {list.isPending ? (
        <Loading label="Loading keys…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title="No API keys yet" />
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-label="API keys">
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td className="mono">{key.key_prefix}…</td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{formatTimestamp(key.created_at_us)}</td>
                  <td>{formatTimestamp(key.last_used_at_us)}</td>
                  <td>
                    {key.revoked_at_us === null ? (
                      <RevokeButton apiKey={key} />
                    ) : (
                      <span className="muted">revoked {formatTimestamp(key.revoked_at_us)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
