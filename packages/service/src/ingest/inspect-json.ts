import { inexactNumberMessage, isInexactNumberMarker } from '@hindsight/models';
import type { FieldProblem } from '../errors.js';

/**
 * NUL, which PostgreSQL cannot store in text or jsonb, and UTF-16 surrogates
 * that are not part of a pair, which jsonb refuses and text silently replaces.
 */
const unstorable = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string the database would refuse or alter. */
export function hasUnstorableCharacters(text: string): boolean {
  return unstorable.test(text);
}

export const unstorableMessage =
  'must be valid Unicode text without NUL characters or unpaired surrogates';

export interface JsonInspection {
  /** Length of the value as JSON text, escapes aside; counting stops past `maxChars`. */
  readonly chars: number;
  /** Whether counting stopped because the value is longer than `maxChars`. */
  readonly oversized: boolean;
  /** Too deep, or a string that cannot be stored. */
  readonly problem?: FieldProblem;
}

interface Walk {
  chars: number;
  problem: FieldProblem | undefined;
  readonly path: Array<string | number>;
  readonly maxDepth: number;
  readonly maxChars: number;
  readonly root: string;
}

function pathOf(walk: Walk, extra?: string): string {
  return [walk.root, ...walk.path, ...(extra === undefined ? [] : [extra])].join('.');
}

function checkText(walk: Walk, text: string, isKey: boolean): void {
  if (!isKey && isInexactNumberMarker(text)) {
    walk.problem = { path: pathOf(walk), message: inexactNumberMessage(text) };
  } else if (hasUnstorableCharacters(text)) {
    walk.problem = {
      path: pathOf(walk),
      message: isKey ? `the key ${unstorableMessage}` : unstorableMessage,
    };
  }
}

function visit(walk: Walk, value: unknown, depth: number): void {
  if (walk.problem !== undefined || walk.chars > walk.maxChars) return;
  switch (typeof value) {
    case 'string':
      walk.chars += value.length + 2;
      checkText(walk, value, false);
      return;
    case 'number':
      walk.chars += String(value).length;
      return;
    case 'boolean':
      walk.chars += value ? 4 : 5;
      return;
    case 'object': {
      if (value === null) {
        walk.chars += 4;
        return;
      }
      if (depth >= walk.maxDepth) {
        walk.problem = {
          path: pathOf(walk),
          message: `must not nest deeper than ${walk.maxDepth} levels`,
        };
        return;
      }
      // Brackets, and the commas between members.
      walk.chars += 1;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i += 1) {
          walk.path.push(i);
          visit(walk, value[i], depth + 1);
          walk.path.pop();
          walk.chars += 1;
          if (walk.problem !== undefined || walk.chars > walk.maxChars) return;
        }
        if (value.length === 0) walk.chars += 1;
        return;
      }
      const keys = Object.keys(value);
      if (keys.length === 0) walk.chars += 1;
      for (const key of keys) {
        walk.path.push(key);
        checkText(walk, key, true);
        // Quotes, colon, and the comma or closing brace after the member.
        walk.chars += key.length + 4;
        visit(walk, (value as Record<string, unknown>)[key], depth + 1);
        walk.path.pop();
        if (walk.problem !== undefined || walk.chars > walk.maxChars) return;
      }
      return;
    }
    default:
      // JSON.parse yields nothing else; values built in process may hold undefined.
      return;
  }
}

/**
 * Walks a parsed JSON value once, measuring its size as JSON text and its
 * depth, and finding strings the database cannot store. Stops early at the
 * first problem or once the size is past `maxChars`, so an oversized value
 * costs no more than the limit. Recursion is bounded by `maxDepth`.
 */
export function inspectJson(
  value: unknown,
  path: string,
  limits: { readonly maxDepth: number; readonly maxChars: number },
): JsonInspection {
  const walk: Walk = {
    chars: 0,
    problem: undefined,
    path: [],
    maxDepth: limits.maxDepth,
    maxChars: limits.maxChars,
    root: path,
  };
  visit(walk, value, 0);
  return {
    chars: walk.chars,
    oversized: walk.chars > walk.maxChars,
    ...(walk.problem === undefined ? {} : { problem: walk.problem }),
  };
}
