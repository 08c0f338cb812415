import * as v from 'valibot';
import { PriceOverride } from './cost.js';
import { Label, PlainObject, TimestampUs } from './primitives.js';

/** Where an override in force comes from: the deployment's prices file, or the admin API. */
export const priceOverrideSources = ['file', 'stored'] as const;

/** An override in force, with where it comes from (`GET /api/v1/admin/prices`). */
export const PriceOverrideEntry = v.object({
  ...PriceOverride.entries,
  /** `file`: HINDSIGHT_PRICES_FILE (read-only here); `stored`: set through the admin API. */
  source: v.picklist(priceOverrideSources),
});
export type PriceOverrideEntry = v.InferOutput<typeof PriceOverrideEntry>;

/** Every override in force, by name (a stored one replaces a file one of the same name). */
export const PriceOverrideList = v.object({ overrides: v.array(PriceOverrideEntry) });
export type PriceOverrideList = v.InferOutput<typeof PriceOverrideList>;

/** The override a PUT stores: the price fields, its name taken from the path. */
export const PriceOverrideFields = v.object({
  provider: PriceOverride.entries.provider,
  model: PriceOverride.entries.model,
  effective_from_us: PriceOverride.entries.effective_from_us,
  input_per_mtok: PriceOverride.entries.input_per_mtok,
  output_per_mtok: PriceOverride.entries.output_per_mtok,
  cache_read_per_mtok: PriceOverride.entries.cache_read_per_mtok,
  cache_creation_per_mtok: PriceOverride.entries.cache_creation_per_mtok,
});
export type PriceOverrideFields = v.InferOutput<typeof PriceOverrideFields>;

/** The name of one override, as a path names it. */
export const PriceOverrideName = v.object({ name: Label });
export type PriceOverrideName = v.InferOutput<typeof PriceOverrideName>;

/** The answer to a PUT: the override stored, and whether it replaced one of the same name. */
export const StoredPriceOverride = v.object({
  override: PriceOverride,
  replaced: v.boolean(),
});
export type StoredPriceOverride = v.InferOutput<typeof StoredPriceOverride>;

/** The most calls a reprice reads and writes in one transaction. */
export const maxRepriceBatch = 5_000;

/**
 * What a reprice covers: calls made at or after `since_us` (all when absent),
 * in batches. Every field is optional, so the body must still be a JSON
 * object and name no other field: `[]` or a misspelt `since` is a 400, not a
 * reprice of everything.
 */
export const RepriceInput = v.pipe(
  PlainObject,
  v.strictObject({
    since_us: v.optional(TimestampUs),
    batch_size: v.optional(
      v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(maxRepriceBatch)),
      1_000,
    ),
  }),
);
export type RepriceInput = v.InferOutput<typeof RepriceInput>;

/** What a reprice did: calls read, calls whose cost changed, and the transactions it took. */
export const RepriceResult = v.object({
  calls_examined: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  calls_changed: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  batches: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
export type RepriceResult = v.InferOutput<typeof RepriceResult>;

/** The input of storing an override: its name (from the path) and its fields. */
export const PutPriceOverrideInput = v.object({
  name: PriceOverride.entries.name,
  ...PriceOverrideFields.entries,
});
export type PutPriceOverrideInput = v.InferOutput<typeof PutPriceOverrideInput>;

/** The answer to removing an override. */
export const PriceOverrideDeleted = v.object({ deleted: v.literal(true) });
export type PriceOverrideDeleted = v.InferOutput<typeof PriceOverrideDeleted>;
