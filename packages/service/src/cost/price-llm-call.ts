import {
  type LlmCallCost,
  type UnpricedReason as ModelUnpricedReason,
  type PriceOverride,
  TokenUsage,
  type TokenUsageInput,
} from '@hindsight/models';
import * as v from 'valibot';
import { catalogueSource, fromCatalogue, type PriceTable, type PriceValue } from './catalogue.js';
import { type Atto, costOf, fromUsd, perMtokPico, toUsd } from './usd.js';

/** The call a price is looked up for. */
export interface PricedCall {
  readonly provider: string | null;
  readonly model: string;
  /** When the call was made, in microseconds since the epoch: prices change over time. */
  readonly timestamp_us: number;
}

/** Why the catalogue or an override gives a call no cost: it is listed, never guessed. */
export type UnpricedReason = Exclude<ModelUnpricedReason, 'no_token_counts'>;

/** A call's cost, or no cost and the reason why. */
export type PriceResult =
  | { readonly cost: LlmCallCost }
  | { readonly cost: null; readonly reason: UnpricedReason };

/**
 * What one LLM call cost, exactly, with the price in force at its time: a
 * matching override first (see PriceOverride), else the catalogue. Throws a
 * ValiError for token counts that contradict each other (cache tokens above
 * the input tokens they are part of).
 */
export function priceLlmCall(
  call: PricedCall,
  tokens: TokenUsageInput,
  overrides: readonly PriceOverride[] = [],
): PriceResult {
  const usage = v.parse(TokenUsage, tokens);
  const override = overrideInForce(call, overrides);
  if (override) {
    const table: PriceTable = {
      input: override.input_per_mtok,
      output: override.output_per_mtok,
      ...(override.cache_read_per_mtok == null ? {} : { cacheRead: override.cache_read_per_mtok }),
      ...(override.cache_creation_per_mtok == null
        ? {}
        : { cacheCreation: override.cache_creation_per_mtok }),
    };
    return {
      cost: costWith(table, usage, {
        price_source: `override ${override.name}`,
        priced_provider: override.provider ?? call.provider,
        priced_model: call.model,
      }),
    };
  }
  const match = fromCatalogue(
    { provider: call.provider, model: call.model, at: new Date(call.timestamp_us / 1000) },
    usage,
  );
  if (match === 'unknown') return { cost: null, reason: 'unknown_model' };
  if (match === 'unsupported') return { cost: null, reason: 'unsupported_price' };
  const cost = costWith(match.table, usage, {
    price_source: catalogueSource,
    priced_provider: match.provider,
    priced_model: match.model,
  });
  // The catalogue computes in floats; a difference beyond float noise means its
  // table holds a unit this computation does not know: no cost rather than a wrong one.
  const exact = Number(cost.total_usd);
  if (
    match.catalogueTotal !== undefined &&
    Math.abs(exact - match.catalogueTotal) > 1e-9 * Math.max(1, exact)
  ) {
    return { cost: null, reason: 'catalogue_mismatch' };
  }
  return { cost };
}

/** The override for the call's provider and model with the latest start at or before its time. */
export function overrideInForce(
  call: PricedCall,
  overrides: readonly PriceOverride[],
): PriceOverride | undefined {
  let best: PriceOverride | undefined;
  for (const candidate of overrides) {
    if (candidate.effective_from_us > call.timestamp_us) continue;
    if (candidate.provider != null && candidate.provider !== call.provider) continue;
    if (!modelMatches(candidate.model, call.model)) continue;
    if (!best || candidate.effective_from_us >= best.effective_from_us) best = candidate;
  }
  return best;
}

function modelMatches(pattern: string, model: string): boolean {
  return pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : pattern === model;
}

/**
 * The parts of a cost. Input tokens include the cache tokens and output
 * tokens the reasoning tokens (the OpenTelemetry conventions), so each token
 * lands in one part: uncached input, cache read, cache creation, output. A
 * cache kind without a price of its own is priced, and reported, as input.
 */
function costWith(
  table: PriceTable,
  usage: TokenUsage,
  source: Pick<LlmCallCost, 'price_source' | 'priced_provider' | 'priced_model'>,
): LlmCallCost {
  const tierTokens = usage.input_tokens;
  const cacheRead = table.cacheRead === undefined ? 0 : usage.cache_read_tokens;
  const cacheCreation = table.cacheCreation === undefined ? 0 : usage.cache_creation_tokens;
  const parts: Record<'input' | 'cache_read' | 'cache_creation' | 'output', Atto> = {
    input: costOf(usage.input_tokens - cacheRead - cacheCreation, priceAt(table.input, tierTokens)),
    cache_read:
      table.cacheRead === undefined ? 0n : costOf(cacheRead, priceAt(table.cacheRead, tierTokens)),
    cache_creation:
      table.cacheCreation === undefined
        ? 0n
        : costOf(cacheCreation, priceAt(table.cacheCreation, tierTokens)),
    output: costOf(usage.output_tokens, priceAt(table.output, tierTokens)),
  };
  const input_usd = toUsd(parts.input);
  const cache_read_usd = toUsd(parts.cache_read);
  const cache_creation_usd = toUsd(parts.cache_creation);
  const output_usd = toUsd(parts.output);
  // The total is the sum of the rounded parts, so the parts always add up to it.
  const total = [input_usd, cache_read_usd, cache_creation_usd, output_usd].reduce(
    (sum, part) => sum + fromUsd(part),
    0n,
  );
  return {
    total_usd: toUsd(total),
    input_usd,
    cache_read_usd,
    cache_creation_usd,
    output_usd,
    ...source,
  };
}

/** A tier applies once the call's input tokens exceed its start, as the catalogue defines. */
function priceAt(value: PriceValue, inputTokens: number): bigint {
  if (typeof value === 'number') return perMtokPico(value);
  let price = value.base;
  for (const tier of [...value.tiers].sort((a, b) => a.start - b.start)) {
    if (inputTokens > tier.start) price = tier.price;
  }
  return perMtokPico(price);
}
