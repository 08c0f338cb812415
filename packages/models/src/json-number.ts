// JSON numbers that a 64-bit float cannot hold exactly (1e400, 1e-400, integers
// beyond 2^53 such as 64-bit ids, over-long decimals) would be stored altered:
// JSON.parse turns them into Infinity (stored as null), 0 or a neighbour. Such
// a number is refused with a 400 naming its field, never stored changed.
//
// The HTTP layer finds them in the request text (JSON.parse cannot tell them
// apart afterwards) and replaces each by a marker string, so that the check of
// each event names the field and refuses that event alone.

/** Starts a string that stands for an inexact number; NUL never reaches storage otherwise. */
export const inexactNumberMarker = '\u0000hindsight:inexact-number:';

/**
 * Whether a value is the marker that stands in for a JSON number JavaScript cannot hold
 * exactly.
 */
export function isInexactNumberMarker(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(inexactNumberMarker);
}

/** The problem message for a marker: quotes the number as it was sent. */
export function inexactNumberMessage(marker: string): string {
  const sent = marker.slice(inexactNumberMarker.length);
  return `the number ${sent} cannot be stored exactly (a 64-bit float holds about 15 significant digits, magnitudes from 1e-308 to 1e308, integers up to 2^53); send it as a string`;
}

/** A decimal number's value as sign, digits and exponent, so that equal values compare equal. */
function normalDecimal(text: string): string {
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const [mantissa = '', exponent = '0'] = unsigned.toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  let digits = `${whole}${fraction}`.replace(/^0+/, '');
  let power = Number(exponent) - fraction.length;
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  power += trailing;
  return `${negative ? '-' : ''}${digits}e${power}`;
}

/** Whether the number token `text` reads back as the same value from a 64-bit float. */
export function isExactJsonNumber(text: string): boolean {
  const value = Number(text);
  return Number.isFinite(value) && normalDecimal(text) === normalDecimal(String(value));
}

const tokens = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The JSON text with every inexact number replaced by a marker string, or
 * undefined when every number is exact (the common case: nothing is copied).
 */
export function markInexactNumbers(text: string): string | undefined {
  let marked: string | undefined;
  let last = 0;
  let parts: string[] | undefined;
  for (const match of text.matchAll(tokens)) {
    const token = match[0];
    if (token.startsWith('"') || isExactJsonNumber(token)) continue;
    parts ??= [];
    parts.push(text.slice(last, match.index), JSON.stringify(`${inexactNumberMarker}${token}`));
    last = match.index + token.length;
  }
  if (parts) marked = parts.join('') + text.slice(last);
  return marked;
}
