import { type ApiKey, apiKeyScopes, systemPrincipal } from '@hindsight/models';
import { createHub, ValidationError } from '@hindsight/service';
import type { Config } from './env.js';
import type { Logger } from './logger.js';
import { openDatabase } from './server.js';

export interface ApiKeyFlags {
  readonly json: boolean;
  readonly name?: string | undefined;
  readonly scopes?: string | undefined;
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const time = (us: number | null) => (us === null ? '-' : new Date(us / 1000).toISOString());

function table(keys: readonly ApiKey[]): string {
  const rows = [
    ['id', 'name', 'scopes', 'prefix', 'created', 'last used', 'revoked'],
    ...keys.map((k) => [
      k.id,
      k.name,
      k.scopes.join(','),
      k.key_prefix,
      time(k.created_at_us),
      time(k.last_used_at_us),
      time(k.revoked_at_us),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * `hindsight api-key create --name ci --scopes ingest[,read]`, `list [--json]`
 * and `revoke <id>`: key management against the database, for when no admin
 * key is at hand (or from a deployment script).
 */
export async function apiKeyCommand(
  config: Config,
  logger: Logger,
  args: readonly string[],
  flags: ApiKeyFlags,
): Promise<void> {
  const [action, id] = args;
  if (action !== 'create' && action !== 'list' && action !== 'revoke') {
    throw new UsageError('api-key needs an action: create, list or revoke');
  }
  if (action === 'create' && (!flags.name || !flags.scopes)) {
    throw new UsageError(`api-key create needs --name and --scopes (${apiKeyScopes.join(', ')})`);
  }
  if (action === 'revoke' && !id) throw new UsageError('api-key revoke needs the id of the key');

  const database = await openDatabase(config, logger);
  try {
    // The CLI acts as the system principal; its key changes are audited like the API's.
    const services = createHub({ db: database.db }).as({ principal: systemPrincipal('cli') });
    const out = (text: string) => process.stdout.write(`${text}\n`);
    if (action === 'create') {
      const scopes = (flags.scopes ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const created = await services.apiKeys.create({
        name: flags.name ?? '',
        scopes: scopes as ApiKey['scopes'],
      });
      if (flags.json) out(JSON.stringify(created, null, 2));
      else {
        out(`created ${created.id} (${created.name}; scopes: ${created.scopes.join(', ')})`);
        out(created.key);
        out('store it now: the key is not shown again');
      }
    } else if (action === 'list') {
      const keys = await services.apiKeys.list();
      out(flags.json ? JSON.stringify({ api_keys: keys }, null, 2) : table(keys));
    } else {
      const revoked = await services.apiKeys.revoke({ id: id ?? '' });
      out(
        flags.json ? JSON.stringify(revoked, null, 2) : `revoked ${revoked.id} (${revoked.name})`,
      );
    }
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new UsageError(
        error.problems.map((p) => `${p.path || 'input'}: ${p.message}`).join('; '),
      );
    }
    throw error;
  } finally {
    await database.close();
  }
}
