import { modelSchemas, ProblemDetails } from '@hindsight/models';
import { type ResolverReturnType, resolver } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import * as v from 'valibot';
import { problemContentType, titles } from './problem.js';

const names = new Map<unknown, string>(
  Object.entries(modelSchemas).map(([name, schema]) => [schema, name]),
);

/**
 * A schema for the document: a named model becomes a component referenced by
 * `$ref` (hono-openapi's valibot support reads the `ref` metadata), so each
 * model appears once, under its own name.
 */
export function documented(
  schema: v.GenericSchema,
  name = names.get(schema),
): Pick<ResolverReturnType, 'vendor' | 'validate' | 'toJSONSchema' | 'toOpenAPISchema'> {
  return resolver(name ? v.pipe(schema, v.metadata({ ref: name })) : schema);
}

export function problemResponse(status: number, description?: string): OpenAPIV3_1.ResponseObject {
  return {
    description: description ?? titles[status] ?? 'Error',
    content: {
      // hono-openapi resolves the schema when it builds the document.
      [problemContentType]: { schema: documented(ProblemDetails) as OpenAPIV3_1.SchemaObject },
    },
  };
}

export const securitySchemes: Record<string, OpenAPIV3_1.SecuritySchemeObject> = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'hs_…',
    description:
      'An API key (hs_…) created with `hindsight api-key create` or POST /api/v1/admin/api-keys. Its scopes (ingest, read, admin) decide what it may do.',
  },
  jwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A person’s token from the identity provider (HS256 secret or JWKS), with the configured issuer and audience; its roles claim names the scopes.',
  },
};

/** The parts of the document that are not derived from the routes. */
export function documentation(version: string): Partial<OpenAPIV3_1.Document> {
  return {
    info: {
      title: 'Hindsight API',
      version,
      description:
        'History service for AI agent runs. Errors are RFC 9457 problem details (application/problem+json) with a trace_id equal to the X-Request-Id response header.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    components: { securitySchemes },
    tags: [
      { name: 'health', description: 'Liveness, readiness and metrics' },
      { name: 'history', description: 'The Tarsy-compatible history read API' },
      {
        name: 'control',
        description:
          'Asking runtimes to cancel or resume runs (the `control` scope): recorded, audited, and sent on the `cancellations` live channel',
      },
      { name: 'ingest', description: 'Recording agent runs' },
      {
        name: 'live',
        description:
          "Following runs as they happen: Tarsy's WebSocket protocol and Server-Sent Events",
      },
      {
        name: 'casefiles',
        description: 'Investigations spanning sessions: notes and per-principal roles',
      },
      {
        name: 'usage',
        description: 'What the recorded LLM calls used: sessions, calls, tokens, latency over time',
      },
      { name: 'audit', description: 'Who did what: the audit log (admin)' },
      { name: 'admin', description: 'API key management' },
      { name: 'docs', description: 'This document and its browsable form' },
    ],
  };
}
