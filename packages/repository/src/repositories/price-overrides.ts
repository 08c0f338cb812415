import type { PriceOverride } from '@hindsight/models';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../database.js';
import { priceOverrides } from '../schema/price-overrides.js';

/** Every stored price override, by name. */
export async function listPriceOverrides(db: Db): Promise<PriceOverride[]> {
  return db.select().from(priceOverrides).orderBy(asc(priceOverrides.name));
}

/** Stores an override, replacing the one of the same name; true when it replaced one. */
export async function putPriceOverride(db: Db, override: PriceOverride): Promise<boolean> {
  const [existing] = await db
    .select({ name: priceOverrides.name })
    .from(priceOverrides)
    .where(eq(priceOverrides.name, override.name))
    .for('update');
  const { name: _name, ...fields } = override;
  await db
    .insert(priceOverrides)
    .values(override)
    .onConflictDoUpdate({ target: priceOverrides.name, set: fields });
  return existing !== undefined;
}

/** Removes the override of this name; false when there was none. */
export async function deletePriceOverride(db: Db, name: string): Promise<boolean> {
  const deleted = await db
    .delete(priceOverrides)
    .where(eq(priceOverrides.name, name))
    .returning({ name: priceOverrides.name });
  return deleted.length === 1;
}
