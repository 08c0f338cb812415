import { type Db, pendingMigrations } from '@hindsight/repository';

/**
 * The recorder's database lacks Hindsight's tables or some of its migrations:
 * every recording would fail with `relation … does not exist`. Run
 * `migrate(database)` from `@hindsight/repository` (or `hindsight migrate`)
 * before recording.
 */
export class SchemaNotMigratedError extends Error {
  /** Tags of the committed migrations this database lacks, oldest first. */
  readonly pending: readonly string[];

  constructor(pending: readonly string[]) {
    const all = pending.length > 0 && pending[0]?.startsWith('0000_');
    super(
      `${
        all
          ? 'the database has no Hindsight schema'
          : `the database lacks ${pending.length} Hindsight migration(s) (${pending.join(', ')})`
      }: run migrate(database) from @hindsight/repository, or \`hindsight migrate\`, before recording`,
    );
    this.name = 'SchemaNotMigratedError';
    this.pending = pending;
  }
}

/**
 * Resolves once the database holds every committed migration; rejects with a
 * `SchemaNotMigratedError` when it does not, or with the database's own error
 * when it cannot be asked.
 */
export async function assertSchemaMigrated(db: Db): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0) throw new SchemaNotMigratedError(pending);
}

/**
 * `assertSchemaMigrated`, asked once: a migrated schema stays migrated, and a
 * missing one stays the answer too (it needs a restart after `migrate`). A
 * check that could not reach the database is asked again next time.
 */
export function schemaCheckOnce(db: Db): () => Promise<void> {
  let check: Promise<void> | undefined;
  return () => {
    check ??= assertSchemaMigrated(db).catch((error: unknown) => {
      if (!(error instanceof SchemaNotMigratedError)) check = undefined;
      throw error;
    });
    return check;
  };
}
