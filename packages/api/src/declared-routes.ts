import type { Hono } from 'hono';
import { findTargetHandler } from 'hono/utils/handler';
import { uniqueSymbol } from 'hono-openapi';
import { type RouteDeclaration, routeDeclaration } from './route.js';

/** One endpoint of an app, as `registeredRoutes` finds it. */
export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
  /** The route's access declaration, from its `route(...)` middleware; undefined when it has none. */
  readonly declaration: RouteDeclaration | undefined;
  /** Whether a handler of the route carries an OpenAPI description. */
  readonly documented: boolean;
}

/**
 * Every endpoint registered on `app` (method and path), with what its
 * handlers declare. Middleware registered for all methods (`app.use`) is not
 * an endpoint and is left out.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema.
export function registeredRoutes(app: Hono<any, any, any>): RegisteredRoute[] {
  const byKey = new Map<string, { method: string; path: string; handlers: unknown[] }>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const entry = byKey.get(key) ?? { method: route.method, path: route.path, handlers: [] };
    entry.handlers.push(findTargetHandler(route.handler));
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ method, path, handlers }) => {
    const marks = handlers as Array<Record<symbol, unknown>>;
    return {
      method,
      path,
      declaration: marks.find((h) => h[routeDeclaration])?.[routeDeclaration] as
        | RouteDeclaration
        | undefined,
      documented: marks.some((h) => h[uniqueSymbol] !== undefined),
    };
  });
}

/** A route was registered without `route(...)`: no auth, no docs, no limits. */
export class UndeclaredRouteError extends Error {
  constructor(readonly routes: readonly string[]) {
    super(
      `every route must start with route({ access, summary, responses, ... }) (see the README, "Adding a route"); these do not: ${routes.join(', ')}`,
    );
    this.name = 'UndeclaredRouteError';
  }
}

/** Throws when any endpoint lacks a route declaration or an OpenAPI description. */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema.
export function assertEveryRouteDeclared(app: Hono<any, any, any>): void {
  const undeclared = registeredRoutes(app)
    .filter((r) => !r.declaration || !r.documented)
    .map((r) => `${r.method} ${r.path}`);
  if (undeclared.length > 0) throw new UndeclaredRouteError(undeclared);
}
