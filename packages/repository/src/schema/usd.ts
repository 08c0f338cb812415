import { numeric } from 'drizzle-orm/pg-core';

/**
 * A dollar amount as the cost columns store it: PostgreSQL numeric with 12
 * whole digits and 12 decimals (the model's UsdAmount), so sums are exact.
 */
export function usd(name: string) {
  return numeric(name, { precision: 24, scale: 12 });
}
