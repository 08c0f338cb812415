import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { decodeTraceRequest, OtlpDecodeError } from './trace-codec.js';

const gunzipAsync = promisify(gunzip);

/** The two OTLP/HTTP encodings; the answer is given in the request's. */
export type OtlpEncoding = 'protobuf' | 'json';

const mediaTypes: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

/** Why a body was refused, with the status OTLP/HTTP answers it with. */
export class OtlpBodyError extends Error {
  override readonly name = 'OtlpBodyError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The encoding a Content-Type names, or a 415 that says which ones are understood. */
export function encodingOf(contentType: string | undefined): OtlpEncoding {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const encoding = mediaTypes[mediaType];
  if (encoding === undefined) {
    throw new OtlpBodyError(
      415,
      `Content-Type must be application/x-protobuf or application/json, not ${JSON.stringify(mediaType)}`,
    );
  }
  return encoding;
}

/**
 * Inflates a gzip body, stopping at `maxBytes` of output: a small body that
 * would inflate past the limit (a gzip bomb) is refused with 413 before it
 * takes the memory.
 */
async function inflate(body: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new OtlpBodyError(413, `the body inflates to more than ${maxBytes} bytes`);
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new OtlpBodyError(400, `the body is not valid gzip: ${why}`);
  }
}

/**
 * An export request's body as the OTLP/JSON shape: inflated when
 * `Content-Encoding: gzip`, decoded as protobuf or parsed as JSON. Anything
 * that cannot be read is an `OtlpBodyError`, never a server error.
 */
export async function readTraceBody(
  raw: Uint8Array,
  {
    encoding,
    contentEncoding,
    maxBytes,
  }: {
    encoding: OtlpEncoding;
    contentEncoding: string | undefined;
    maxBytes: number;
  },
): Promise<unknown> {
  const coding = (contentEncoding ?? 'identity').trim().toLowerCase();
  let body: Uint8Array;
  if (coding === 'gzip' || coding === 'x-gzip') body = await inflate(raw, maxBytes);
  else if (coding === 'identity' || coding === '') body = raw;
  else throw new OtlpBodyError(415, `Content-Encoding must be gzip or absent, not "${coding}"`);
  if (encoding === 'protobuf') {
    try {
      return decodeTraceRequest(body);
    } catch (error) {
      if (error instanceof OtlpDecodeError) throw new OtlpBodyError(400, error.message);
      throw error;
    }
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new OtlpBodyError(400, `the body is not JSON: ${why}`);
  }
}
