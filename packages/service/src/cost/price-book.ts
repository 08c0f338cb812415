import {
  type LLMInteractionRecord,
  type LlmCostColumns,
  noLlmCost,
  type PriceOverride,
} from '@hindsight/models';
import { type Db, listPriceOverrides } from '@hindsight/repository';
import { priceLlmCall } from './price-llm-call.js';

/** How calls are priced as they are written. */
export interface PriceBookOptions {
  /** False: calls are stored without a cost (the benchmark's baseline). True by default. */
  readonly enabled?: boolean;
  /** Overrides from the deployment's prices file (HINDSIGHT_PRICES_FILE), validated. */
  readonly fileOverrides?: readonly PriceOverride[];
  /**
   * How long the stored overrides are reused before they are read again, in
   * milliseconds; 0 (the default) reads them for every write. Another
   * instance's change is seen within this time; this instance's at once.
   */
  readonly cacheMs?: number;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  readonly now?: () => number;
}

/** The fields of a call that its price depends on. */
export type CallToPrice = Pick<
  LLMInteractionRecord,
  | 'model_name'
  | 'provider'
  | 'timestamp_us'
  | 'input_tokens'
  | 'output_tokens'
  | 'cache_read_tokens'
  | 'cache_creation_tokens'
  | 'reasoning_tokens'
>;

/**
 * The prices in force for this deployment: the catalogue, the file's
 * overrides and the stored ones (a stored override replaces a file override
 * of the same name), and the cost columns they give a call.
 */
export class PriceBook {
  readonly enabled: boolean;
  private readonly fileOverrides: readonly PriceOverride[];
  private readonly cacheMs: number;
  private readonly now: () => number;
  private cached: { readonly at: number; readonly overrides: readonly PriceOverride[] } | undefined;

  constructor(options: PriceBookOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.fileOverrides = options.fileOverrides ?? [];
    this.cacheMs = options.cacheMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  /** The overrides in force: the file's, with the stored ones of the same name in their place. */
  async overrides(db: Db): Promise<readonly PriceOverride[]> {
    const cached = this.cached;
    if (cached && this.now() - cached.at < this.cacheMs) return cached.overrides;
    const stored = await listPriceOverrides(db);
    const storedNames = new Set(stored.map((o) => o.name));
    const overrides = [...this.fileOverrides.filter((o) => !storedNames.has(o.name)), ...stored];
    if (this.cacheMs > 0) this.cached = { at: this.now(), overrides };
    return overrides;
  }

  /** The overrides from the prices file. */
  fileOverridesList(): readonly PriceOverride[] {
    return this.fileOverrides;
  }

  /** Forgets the cached overrides: the next write reads them again (after an admin change). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** The cost columns of calls about to be written (none when pricing is off). */
  async priceAll<T extends CallToPrice>(
    db: Db,
    calls: readonly T[],
  ): Promise<Array<T & LlmCostColumns>> {
    if (!this.enabled || calls.length === 0) return calls.map((c) => ({ ...c, ...noLlmCost }));
    const overrides = await this.overrides(db);
    return calls.map((call) => ({ ...call, ...costColumnsOf(call, overrides) }));
  }
}

/**
 * The cost columns of one call, priced at its own time. A call that reported
 * no token counts, or counts that contradict each other, has no cost: it is
 * listed (`no_token_counts`), not guessed.
 */
export function costColumnsOf(
  call: CallToPrice,
  overrides: readonly PriceOverride[],
): LlmCostColumns {
  if (call.input_tokens === null && call.output_tokens === null) {
    return { ...noLlmCost, unpriced_reason: 'no_token_counts' };
  }
  const tokens = {
    input_tokens: call.input_tokens ?? 0,
    output_tokens: call.output_tokens ?? 0,
    cache_read_tokens: call.cache_read_tokens ?? 0,
    cache_creation_tokens: call.cache_creation_tokens ?? 0,
    reasoning_tokens: call.reasoning_tokens ?? 0,
  };
  if (
    tokens.cache_read_tokens + tokens.cache_creation_tokens > tokens.input_tokens ||
    tokens.reasoning_tokens > tokens.output_tokens
  ) {
    return { ...noLlmCost, unpriced_reason: 'no_token_counts' };
  }
  const result = priceLlmCall(
    { provider: call.provider, model: call.model_name, timestamp_us: call.timestamp_us },
    tokens,
    overrides,
  );
  if (result.cost === null) return { ...noLlmCost, unpriced_reason: result.reason };
  const cost = result.cost;
  return {
    cost_usd: cost.total_usd,
    input_cost_usd: cost.input_usd,
    cache_read_cost_usd: cost.cache_read_usd,
    cache_creation_cost_usd: cost.cache_creation_usd,
    output_cost_usd: cost.output_usd,
    price_source: cost.price_source,
    priced_provider: cost.priced_provider,
    priced_model: cost.priced_model,
    unpriced_reason: null,
  };
}

const defaultPriceBook = new PriceBook();

/** The context's prices, or the catalogue and stored overrides when it names none. */
export function pricingOf(ctx: { readonly pricing?: PriceBook }): PriceBook {
  return ctx.pricing ?? defaultPriceBook;
}
