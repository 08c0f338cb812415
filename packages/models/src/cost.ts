import * as v from 'valibot';
import { Label, TimestampUs } from './primitives.js';

/**
 * An amount of US dollars as a decimal string (`"0.0075"`), never a float:
 * sums of many calls are made in PostgreSQL's numeric or in integers, so
 * no binary rounding creeps into a total.
 */
export const UsdAmount = v.pipe(
  v.string(),
  v.regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a decimal amount of US dollars, e.g. "0.0075"'),
);
export type UsdAmount = v.InferOutput<typeof UsdAmount>;

/** A price in US dollars per million tokens, as a finite non-negative number. */
export const PricePerMillionTokens = v.pipe(
  v.number(),
  v.finite(),
  v.minValue(0),
  v.maxValue(1_000_000),
);

/**
 * What one LLM call cost, in parts. Tokens follow the OpenTelemetry GenAI
 * conventions: input tokens include the cache-read and cache-creation
 * tokens, output tokens include the reasoning tokens. So `input_usd` prices
 * only the uncached input, each token is priced once, and
 * `total_usd = input_usd + cache_read_usd + cache_creation_usd + output_usd`.
 */
export const LlmCallCost = v.object({
  total_usd: UsdAmount,
  /** Uncached input tokens. */
  input_usd: UsdAmount,
  cache_read_usd: UsdAmount,
  cache_creation_usd: UsdAmount,
  /** Output tokens, reasoning tokens included. */
  output_usd: UsdAmount,
  /** Where the price came from: `genai-prices <version>` or `override <name>`. */
  price_source: v.pipe(v.string(), v.maxLength(255)),
  /** The catalogue's provider and model that matched (dated names map to their model). */
  priced_provider: v.nullable(Label),
  priced_model: Label,
});
export type LlmCallCost = v.InferOutput<typeof LlmCallCost>;

/**
 * A deployment's own price for models the catalogue does not know (private
 * or fine-tuned ones) or prices differently. `model` matches exactly, or as a
 * prefix when it ends with `*`; `provider`, when given, must match too. Of
 * the overrides that match a call, the one with the latest `effective_from_us`
 * at or before the call's time is in force; an override beats the catalogue.
 */
export const PriceOverride = v.object({
  name: Label,
  provider: v.optional(v.nullable(Label), null),
  model: Label,
  effective_from_us: v.optional(TimestampUs, 0),
  input_per_mtok: PricePerMillionTokens,
  output_per_mtok: PricePerMillionTokens,
  /** Absent: cache reads are priced as input. */
  cache_read_per_mtok: v.optional(v.nullable(PricePerMillionTokens), null),
  /** Absent: cache writes are priced as input. */
  cache_creation_per_mtok: v.optional(v.nullable(PricePerMillionTokens), null),
});
export type PriceOverride = v.InferOutput<typeof PriceOverride>;
/** A price override as written in configuration, before its defaults are applied. */
export type PriceOverrideInput = v.InferInput<typeof PriceOverride>;

/** The token counts of one call that a price applies to. */
export const TokenUsage = v.pipe(
  v.object({
    input_tokens: v.pipe(v.number(), v.integer(), v.minValue(0)),
    output_tokens: v.pipe(v.number(), v.integer(), v.minValue(0)),
    cache_read_tokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
    cache_creation_tokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
    reasoning_tokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  }),
  v.check(
    (u) => u.cache_read_tokens + u.cache_creation_tokens <= u.input_tokens,
    'cache_read_tokens and cache_creation_tokens are part of input_tokens: together they cannot exceed it',
  ),
  v.check(
    (u) => u.reasoning_tokens <= u.output_tokens,
    'reasoning_tokens are part of output_tokens: they cannot exceed it',
  ),
);
export type TokenUsage = v.InferOutput<typeof TokenUsage>;
/** Token counts as a caller gives them: the cache and reasoning counts may be left out. */
export type TokenUsageInput = v.InferInput<typeof TokenUsage>;

/**
 * Why an LLM call has no cost; it is listed, never guessed. `unknown_model`:
 * no override and no catalogue entry; `unsupported_price`: the catalogue
 * prices it by something Hindsight does not count (per request);
 * `catalogue_mismatch`: the exact computation disagreed with the catalogue's;
 * `no_token_counts`: the call reported neither input nor output tokens, or
 * counts that contradict each other (cache tokens beyond the input).
 */
export const unpricedReasons = [
  'unknown_model',
  'unsupported_price',
  'catalogue_mismatch',
  'no_token_counts',
] as const;
/** Why an LLM call has no cost (see unpricedReasons). */
export const UnpricedReason = v.picklist(unpricedReasons);
export type UnpricedReason = v.InferOutput<typeof UnpricedReason>;

/**
 * The cost columns of a stored LLM call: all null for a call stored before
 * pricing existed (a reprice fills them), else a cost or a reason, never both.
 */
export const llmCostColumns = {
  cost_usd: v.nullable(UsdAmount),
  input_cost_usd: v.nullable(UsdAmount),
  cache_read_cost_usd: v.nullable(UsdAmount),
  cache_creation_cost_usd: v.nullable(UsdAmount),
  output_cost_usd: v.nullable(UsdAmount),
  price_source: v.nullable(LlmCallCost.entries.price_source),
  priced_provider: v.nullable(Label),
  priced_model: v.nullable(Label),
  unpriced_reason: v.nullable(UnpricedReason),
};
/** The cost columns of a stored LLM call (see llmCostColumns). */
export type LlmCostColumns = v.InferOutput<v.ObjectSchema<typeof llmCostColumns, undefined>>;

const unitsPerDollar = 10n ** 12n;

/**
 * The exact sum of dollar amounts (UsdAmount strings), in the same canonical
 * form: integer arithmetic on 10^-12 dollars, so no float rounding.
 */
export function sumUsd(amounts: Iterable<string>): string {
  let units = 0n;
  for (const amount of amounts) {
    const [whole = '0', fraction = ''] = amount.split('.');
    units += BigInt(whole) * unitsPerDollar + BigInt(fraction.padEnd(12, '0').slice(0, 12));
  }
  const fraction = (units % unitsPerDollar).toString().padStart(12, '0').replace(/0+$/, '');
  const whole = (units / unitsPerDollar).toString();
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** A numeric as PostgreSQL prints it (`1.500000000000`) in UsdAmount's canonical form (`1.5`). */
export function canonicalUsd(numeric: string): string {
  return sumUsd([numeric]);
}

/** The cost columns of a call not priced (yet): every one null. */
export const noLlmCost: LlmCostColumns = {
  cost_usd: null,
  input_cost_usd: null,
  cache_read_cost_usd: null,
  cache_creation_cost_usd: null,
  output_cost_usd: null,
  price_source: null,
  priced_provider: null,
  priced_model: null,
  unpriced_reason: null,
};
