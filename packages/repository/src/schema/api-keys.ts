import { apiKeyScopes } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

// DDL, so the values are inlined rather than bound.
const knownScopes = sql.raw(
  `array[${apiKeyScopes.map((scope) => `'${scope}'`).join(', ')}]::text[]`,
);

/**
 * Machine credentials. The key itself is never stored: `key_hash` is the
 * SHA-256 of its value, looked up through a unique index.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    key_hash: text('key_hash').notNull(),
    key_prefix: text('key_prefix').notNull(),
    scopes: text('scopes', { enum: apiKeyScopes }).array().notNull(),
    created_at_us: bigint('created_at_us', { mode: 'number' }).notNull(),
    revoked_at_us: bigint('revoked_at_us', { mode: 'number' }),
    last_used_at_us: bigint('last_used_at_us', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_idx').on(t.key_hash),
    check(
      'api_keys_scopes_check',
      sql`cardinality(${t.scopes}) > 0 and ${t.scopes} <@ ${knownScopes}`,
    ),
  ],
);
