/**
 * Exact dollar arithmetic for prices. A price per million tokens is held as
 * an integer count of 10^-12 dollars (`perMtokPico`), so `tokens *
 * perMtokPico` is an exact integer count of 10^-18 dollars: no binary
 * rounding anywhere until one rounding, half up, to the 12 decimals stored.
 */

/** Attodollars (10^-18 USD): exact products of token counts and prices. */
export type Atto = bigint;

const picoPerDollar = 10n ** 12n;
const attoPerStoredUnit = 10n ** 6n;

/**
 * A price in dollars per million tokens as integer picodollars per million.
 * Catalogue prices are short decimals (2.5, 0.075, 3.75): `toFixed(12)`
 * gives their decimal digits exactly.
 */
export function perMtokPico(dollarsPerMtok: number): bigint {
  if (!Number.isFinite(dollarsPerMtok) || dollarsPerMtok < 0) {
    throw new RangeError(`a price must be a finite non-negative number, got ${dollarsPerMtok}`);
  }
  const [whole = '0', fraction = ''] = dollarsPerMtok.toFixed(12).split('.');
  return BigInt(whole) * picoPerDollar + BigInt(fraction.padEnd(12, '0'));
}

/** What `tokens` cost at `perMtok` picodollars per million tokens, in attodollars. */
export function costOf(tokens: number, perMtok: bigint): Atto {
  return BigInt(tokens) * perMtok;
}

/** An attodollar amount as the stored decimal string: 12 decimals at most, rounded half up. */
export function toUsd(amount: Atto): string {
  if (amount < 0n) throw new RangeError('a cost cannot be negative');
  const units = (amount + attoPerStoredUnit / 2n) / attoPerStoredUnit;
  const whole = units / picoPerDollar;
  const fraction = (units % picoPerDollar).toString().padStart(12, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/** A stored decimal string back as attodollars (exact). */
export function fromUsd(usd: string): Atto {
  const [whole = '0', fraction = ''] = usd.split('.');
  return (BigInt(whole) * picoPerDollar + BigInt(fraction.padEnd(12, '0'))) * attoPerStoredUnit;
}
