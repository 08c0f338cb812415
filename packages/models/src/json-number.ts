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
  if (!Number.isFinite(value)) return false;
  const shortest = String(value);
  // The common case: the text is already the shortest form of its value (1, 0.5, 1700000000000000).
  return shortest === text || normalDecimal(text) === normalDecimal(shortest);
}

/** Where the JSON string that opens at `open` ends: the index after its closing quote. */
function endOfString(text: string, open: number): number {
  for (let from = open + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    // The quote closes the string unless an odd number of backslashes escapes it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The characters a JSON number is made of: digits, `-`, `+`, `.`, `e` and `E`. */
function isNumberChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || code === 45 || code === 43 || code === 46 || (code | 32) === 101
  );
}

/**
 * The JSON text with every inexact number replaced by a marker string, or
 * undefined when every number is exact (the common case: nothing is copied).
 * The text is JSON already parsed once, so a run of number characters outside
 * a string is one number. Strings are skipped by searching for their closing
 * quote (most of a body is strings), not read a character at a time.
 */
export function markInexactNumbers(text: string): string | undefined {
  let parts: string[] | undefined;
  let last = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      i = endOfString(text, i);
      continue;
    }
    if (code !== 45 && (code < 48 || code > 57)) {
      i += 1;
      continue;
    }
    const start = i;
    while (i < text.length && isNumberChar(text.charCodeAt(i))) i += 1;
    const token = text.slice(start, i);
    if (isExactJsonNumber(token)) continue;
    parts ??= [];
    parts.push(text.slice(last, start), JSON.stringify(`${inexactNumberMarker}${token}`));
    last = i;
  }
  return parts ? parts.join('') + text.slice(last) : undefined;
}
