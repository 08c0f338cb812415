import {
  type PriceOverride,
  PriceOverrideDeleted,
  PriceOverrideList,
  PriceOverrideName,
  PutPriceOverrideInput,
  StoredPriceOverride,
} from '@hindsight/models';
import { deletePriceOverride, listPriceOverrides, putPriceOverride } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { operation } from '../hub/operation.js';
import { pricingOf } from './price-book.js';

/** Every override in force: the file's (unless a stored one has its name), then the stored ones. */
export async function listPrices({ ctx }: { ctx: ServiceContext }): Promise<PriceOverrideList> {
  const stored = await listPriceOverrides(ctx.db);
  const storedNames = new Set(stored.map((o) => o.name));
  const fromFile = pricingOf(ctx)
    .fileOverridesList()
    .filter((o) => !storedNames.has(o.name));
  return {
    overrides: [
      ...fromFile.map((o) => ({ ...o, source: 'file' as const })),
      ...stored.map((o) => ({ ...o, source: 'stored' as const })),
    ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/**
 * Stores an override (replacing the one of its name). Calls already stored
 * keep their cost until a reprice; calls written from now on use it.
 */
export async function putPrice({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PriceOverride;
}): Promise<StoredPriceOverride> {
  const replaced = await putPriceOverride(ctx.db, input);
  pricingOf(ctx).invalidate();
  return { override: input, replaced };
}

/** Removes a stored override; a file override of the same name, if any, is in force again. */
export async function deletePrice({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PriceOverrideName;
}): Promise<PriceOverrideDeleted> {
  if (!(await deletePriceOverride(ctx.db, input.name))) {
    throw new NotFoundError('price override', input.name);
  }
  pricingOf(ctx).invalidate();
  return { deleted: true };
}

const priceTarget = (name: string) => `price:${name}`;

/** Lists the overrides in force (admin). */
export const listPricesOperation = operation({
  name: 'prices.list',
  input: v.object({}),
  output: PriceOverrideList,
  scope: 'admin',
  audit: false,
  run: listPrices,
});

/** Stores one override (admin, audited). */
export const putPriceOperation = operation({
  name: 'prices.put',
  input: PutPriceOverrideInput,
  output: StoredPriceOverride,
  scope: 'admin',
  audit: true,
  target: (input) => priceTarget(input.name),
  run: putPrice,
});

/** Removes one stored override (admin, audited). */
export const deletePriceOperation = operation({
  name: 'prices.delete',
  input: PriceOverrideName,
  output: PriceOverrideDeleted,
  scope: 'admin',
  audit: true,
  target: (input) => priceTarget(input.name),
  run: deletePrice,
});
