import { calcPrice, type ModelPrice } from '@pydantic/genai-prices';

/** The catalogue's version, recorded with every price taken from it. */
export const catalogueSource = 'genai-prices 0.1.8';

/** A price table in dollars per million tokens; a tiered price picks its tier by input tokens. */
export interface PriceTable {
  readonly input: PriceValue;
  readonly output: PriceValue;
  /** Absent: the catalogue prices cache reads as input. */
  readonly cacheRead?: PriceValue;
  /** Absent: the catalogue prices cache writes as input. */
  readonly cacheCreation?: PriceValue;
}

/** A flat price, or a base price with tiers that start above a number of input tokens. */
export type PriceValue =
  | number
  | { readonly base: number; readonly tiers: readonly { start: number; price: number }[] };

export interface CatalogueMatch {
  readonly table: PriceTable;
  readonly provider: string;
  readonly model: string;
  /**
   * The catalogue's own total, in float dollars: a check on the exact
   * computation. Absent for a flat price remembered from an earlier call
   * (see `remembered`), where there is nothing left for it to check.
   */
  readonly catalogueTotal?: number;
}

/**
 * Matches the catalogue found before, by provider and model: matching a model
 * name against the catalogue is most of the cost of pricing a call (ingest
 * prices every call). Only what cannot depend on the call is kept: no model
 * at all, or one flat price (no price history, no time-of-day prices, no
 * tiers), whose exact computation is plain multiplication.
 */
const remembered = new Map<string, Omit<CatalogueMatch, 'catalogueTotal'> | 'unknown'>();
/** Distinct provider and model names are few; a flood of made-up ones only clears the map. */
const rememberedLimit = 10_000;

function remember(key: string, value: Omit<CatalogueMatch, 'catalogueTotal'> | 'unknown'): void {
  if (remembered.size >= rememberedLimit) remembered.clear();
  remembered.set(key, value);
}

/** Forgets the remembered matches (tests compare a remembered price with a fresh lookup). */
export function forgetCatalogueMatches(): void {
  remembered.clear();
}

function isFlat(table: PriceTable): boolean {
  return [table.input, table.output, table.cacheRead, table.cacheCreation].every(
    (value) => value === undefined || typeof value === 'number',
  );
}

/**
 * The catalogue's price for a call: its table in force at `at`, for the model
 * (dated names match their model) of the provider when the catalogue knows
 * it, else guessed from the model name. `unknown` when the catalogue knows no
 * such model, `unsupported` when it prices the model by something Hindsight
 * does not count (a price per request): a cost is never guessed.
 */
export function fromCatalogue(
  call: {
    readonly provider: string | null;
    readonly model: string;
    readonly at: Date;
  },
  usage: {
    readonly input_tokens: number;
    readonly output_tokens: number;
    readonly cache_read_tokens: number;
    readonly cache_creation_tokens: number;
  },
): CatalogueMatch | 'unknown' | 'unsupported' {
  const libraryUsage = {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_read_tokens: usage.cache_read_tokens,
    cache_write_tokens: usage.cache_creation_tokens,
  };
  const key = `${call.provider ?? ''}\u0000${call.model}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const options = { timestamp: call.at };
  const result =
    (call.provider
      ? lookup(libraryUsage, call.model, { ...options, providerId: call.provider })
      : null) ?? lookup(libraryUsage, call.model, options);
  if (!result) {
    remember(key, 'unknown');
    return 'unknown';
  }
  const table = tableOf(result.model_price);
  if (!table) return 'unsupported';
  const match = { table, provider: result.provider.id, model: result.model.id };
  // A list of prices has constraints (start dates, times of day): it depends on the call's time.
  if (!Array.isArray(result.model.prices) && isFlat(table)) remember(key, match);
  return { ...match, catalogueTotal: result.total_price };
}

function lookup(
  usage: Parameters<typeof calcPrice>[0],
  model: string,
  options: Parameters<typeof calcPrice>[2],
): ReturnType<typeof calcPrice> {
  try {
    return calcPrice(usage, model, options);
  } catch {
    // An unknown provider id, or usage the model's units reject: no price.
    return null;
  }
}

function tableOf(price: ModelPrice): PriceTable | undefined {
  const { input_mtok, output_mtok, cache_read_mtok, cache_write_mtok } = price;
  // A price per request applies to every call, so leaving it out would understate
  // the cost. Other units (audio tokens, web searches) are not counted by
  // Hindsight, and the catalogue prices them at nothing when they are not reported.
  if (price.requests_kcount !== undefined) return undefined;
  const input = priceValueOf(input_mtok);
  const output = priceValueOf(output_mtok);
  if (input === undefined || output === undefined) return undefined;
  const cacheRead = priceValueOf(cache_read_mtok);
  const cacheCreation = priceValueOf(cache_write_mtok);
  return {
    input,
    output,
    ...(cacheRead === undefined ? {} : { cacheRead }),
    ...(cacheCreation === undefined ? {} : { cacheCreation }),
  };
}

function priceValueOf(value: ModelPrice[string]): PriceValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return { base: value.base, tiers: value.tiers.map((t) => ({ start: t.start, price: t.price })) };
}
