import {
  DeleteSessionResult,
  ExportQuery,
  Id,
  type SessionOverview,
  SessionOverview as SessionOverviewModel,
} from '@hindsight/models';
import { type Services, ValidationError } from '@hindsight/service';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { RequestValidationError, validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

const SessionPath = v.object({ id: Id });

/** Sessions per page read from the database while an export streams. */
const exportPageSize = 100;

/** The CSV columns: the fields of a session overview, in the model's order. */
export const csvColumns: readonly string[] = Object.keys(SessionOverviewModel.pipe[0].entries);

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One overview as a CSV line (RFC 4180 quoting), ending in CRLF. */
export function csvLine(overview: SessionOverview): string {
  const row = overview as unknown as Record<string, unknown>;
  return `${csvColumns.map((column) => csvCell(row[column])).join(',')}\r\n`;
}

/** A service ValidationError on the filters is a problem of the query parameters (400). */
function asQueryProblem(error: unknown): never {
  if (error instanceof ValidationError) {
    throw new RequestValidationError(
      error.problems.map((p) => ({ path: `query.${p.path}`, message: p.message })),
      'ExportQuery',
      'query',
    );
  }
  throw error;
}

interface Page {
  readonly lines: string[];
  readonly next_after: string | null;
}

/**
 * The export as a stream of text: one page is read when the consumer asks for
 * more (`pull`), so memory holds one page whatever the size. The first page is
 * read before the answer starts, so a bad filter is still a 400.
 */
async function exportStream(
  services: Services,
  format: 'jsonl' | 'csv',
  filters: Record<string, unknown>,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const read = async (after: string | undefined): Promise<Page> => {
    const input = { filters, limit: exportPageSize, ...(after === undefined ? {} : { after }) };
    if (format === 'csv') {
      const page = await services.export.overviews(input);
      return { lines: page.sessions.map(csvLine), next_after: page.next_after };
    }
    const page = await services.export.details(input);
    return {
      lines: page.sessions.map((session) => `${JSON.stringify(session)}\n`),
      next_after: page.next_after,
    };
  };
  let next: Page | null = await read(undefined).catch(asQueryProblem);
  const header = format === 'csv' ? `${csvColumns.join(',')}\r\n` : '';
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (header) controller.enqueue(encoder.encode(header));
    },
    async pull(controller) {
      if (next === null) {
        controller.close();
        return;
      }
      const page: Page = next;
      if (page.lines.length > 0) controller.enqueue(encoder.encode(page.lines.join('')));
      next = page.next_after === null ? null : await read(page.next_after);
    },
  });
}

/**
 * Data lifecycle routes, mounted at /api/v1: deleting a session (admin) and
 * exporting sessions (read), streamed page by page.
 */
export function lifecycleRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>()
    .delete(
      '/history/sessions/:id',
      route({
        access: 'admin',
        summary: 'Delete a session with everything under it',
        description:
          'Removes the session, its stages, interactions, ingest bookkeeping and live events; audited and announced live (`session.deleted`). A tombstone makes a replay of its ingest events fail with 410 instead of recreating it. Deleting a deleted session is 410, an unknown one 404.',
        tags: ['history'],
        responses: { 200: { description: 'What was deleted', schema: DeleteSessionResult } },
        problems: [400, 404, 410],
      }),
      validate('param', SessionPath),
      async (c) =>
        c.json(await services(c).sessions.delete({ session_id: c.req.valid('param').id }), 200),
    )
    .get(
      '/export/sessions',
      route({
        access: 'read',
        summary: 'Export sessions as JSON Lines or CSV',
        description:
          'Every session matching the session list filters (`status`, `agent_type`, `search`...), in session id order: `format=jsonl` (default) writes one `DetailedSession` per line, `format=csv` one overview per row under a header. Streamed from a cursor, a page at a time. `gzip=true` gzips the file (`application/gzip`).',
        tags: ['history'],
        responses: {
          200: { description: 'The sessions, streamed', contentType: 'application/x-ndjson' },
        },
        problems: [400],
        // A large export takes longer than a request's time limit.
        stream: true,
      }),
      validate('query', ExportQuery),
      async (c) => {
        const { format, gzip, ...filters } = c.req.valid('query');
        let body = await exportStream(services(c), format, filters);
        const name = `sessions.${format}`;
        const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson';
        if (gzip === 'true') {
          body = body.pipeThrough(
            new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
          );
          return c.body(body, 200, {
            'Content-Type': 'application/gzip',
            'Content-Disposition': `attachment; filename="${name}.gz"`,
          });
        }
        return c.body(body, 200, {
          'Content-Type': type,
          'Content-Disposition': `attachment; filename="${name}"`,
        });
      },
    );
}
