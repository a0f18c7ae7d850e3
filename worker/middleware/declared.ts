import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** The declaration (worker/routes/declare.ts) of the route a request reached, if any. */
export type Declared = (c: Context) => RouteConfig | undefined;

/** Looks declarations up by method and path in the app's registry (built once, on first use). */
export function declarations(
  // biome-ignore lint/suspicious/noExplicitAny: any app's registry
  app: OpenAPIHono<any, any, any>,
): Declared {
  let byRoute: Map<string, RouteConfig> | undefined;
  const asOpenApi = new Map<string, string>();
  return (c) => {
    byRoute ??= new Map(
      app.openAPIRegistry.definitions.flatMap((d) =>
        d.type === 'route' ? [[`${d.route.method.toUpperCase()} ${d.route.path}`, d.route] as const] : [],
      ),
    );
    const handler = matchedRoutes(c).find((r) => r.method === c.req.method);
    if (!handler) return undefined;
    // Hono's `:id` as OpenAPI's `{id}`, converted once per route (this runs on every request)
    let openApiPath = asOpenApi.get(handler.path);
    if (openApiPath === undefined) {
      openApiPath = handler.path.replace(/:(\w+)/g, '{$1}');
      asOpenApi.set(handler.path, openApiPath);
    }
    return byRoute.get(`${c.req.method} ${openApiPath}`);
  };
}
