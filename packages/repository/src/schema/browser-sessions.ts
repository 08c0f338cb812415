import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { apiKeys } from './api-keys.js';

/**
 * Browsers signed in with an API key. The cookie holds a random secret; only
 * its SHA-256 (`token_hash`) is stored, looked up through a unique index. A
 * session acts with its key's scopes and ends with it: revoking the key
 * deletes its sessions, deleting the key cascades.
 */
export const browserSessions = pgTable(
  'browser_sessions',
  {
    id: text('id').primaryKey(),
    token_hash: text('token_hash').notNull(),
    api_key_id: text('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    created_at_us: bigint('created_at_us', { mode: 'number' }).notNull(),
    last_seen_at_us: bigint('last_seen_at_us', { mode: 'number' }).notNull(),
    expires_at_us: bigint('expires_at_us', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('browser_sessions_token_hash_idx').on(t.token_hash),
    index('browser_sessions_api_key_id_idx').on(t.api_key_id),
  ],
);
