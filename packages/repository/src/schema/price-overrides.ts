import { bigint, doublePrecision, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Prices a deployment sets through the admin API (models' PriceOverride), for
 * private or fine-tuned models. `name` is the override's identity; a price
 * change is a second override with a later `effective_from_us`.
 */
export const priceOverrides = pgTable('price_overrides', {
  name: text('name').primaryKey(),
  provider: text('provider'),
  model: text('model').notNull(),
  effective_from_us: bigint('effective_from_us', { mode: 'number' }).notNull(),
  // Prices per million tokens are short decimals; usd.ts turns them into exact integers.
  input_per_mtok: doublePrecision('input_per_mtok').notNull(),
  output_per_mtok: doublePrecision('output_per_mtok').notNull(),
  cache_read_per_mtok: doublePrecision('cache_read_per_mtok'),
  cache_creation_per_mtok: doublePrecision('cache_creation_per_mtok'),
});
