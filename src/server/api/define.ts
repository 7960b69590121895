import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AuthError, authenticate, checkCsrf, membershipRole, type Principal } from '../auth/principal.js';
import { roleAllows, type Permission, type TokenScope } from '../auth/roles.js';
import type { ServerContext } from '../context.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. `public`: anyone. `user`: any signed-in user or valid token. Otherwise a
 * token needs `scope`, and the user needs `permission` in the route's project (`:projectId`), or
 * server-wide admin when `admin` is set. `sessionOnly` routes refuse API tokens altogether.
 */
export type RouteAuth =
  | 'public'
  | 'user'
  | { scope: TokenScope; permission?: Permission; admin?: boolean; sessionOnly?: false }
  | { sessionOnly: true; admin?: boolean };

export interface RouteCall<P, Q, B> {
  req: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
  principal: Principal | null;
  /** The caller's role in the route's project (undefined for admins without a membership). */
  role?: string;
  /** Answer with this status instead of the route's usual one. */
  status(code: number): void;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: Method;
  /** Fastify-style path under /api/v1, e.g. /projects/:projectId/runs */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** A status other than 200 for success. */
  status?: number;
  bodyLimit?: number;
  /** Extra per-route rate limit (e.g. sign-in). */
  rateLimit?: { max: number; timeWindow: number; keyGenerator?: (req: FastifyRequest) => string };
  handler(call: RouteCall<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R> | undefined>;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  spec: RouteSpec<P, Q, B, R>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const API_PREFIX = '/api/v1';

function describeZod(where: string, err: z.ZodError): ApiError {
  const issues = err.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  return new ApiError(
    400,
    `invalid request: ${issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ')}`,
    issues,
  );
}

/** Decides whether the caller may run a route; returns the caller's project role when the route has one. */
export async function authorize(
  ctx: ServerContext,
  spec: AnyRoute,
  principal: Principal | null,
  projectId: string | undefined,
): Promise<string | undefined> {
  const auth = spec.auth;
  if (auth === 'public') return undefined;
  if (!principal) throw new AuthError('sign in or send an API token (Authorization: Bearer cat_…)', 401);
  if (principal.projectId && principal.projectId !== projectId)
    throw new AuthError(`this token is limited to project ${principal.projectId}`, 403);
  if (auth === 'user') return undefined;
  if (auth.sessionOnly) {
    if (principal.via !== 'session')
      throw new AuthError('this action needs a signed-in session, not an API token', 403);
  } else if (principal.scopes && !principal.scopes.has(auth.scope) && !principal.scopes.has('admin'))
    throw new AuthError(`this token lacks the ${auth.scope} scope`, 403);
  if (auth.admin) {
    if (!principal.isAdmin) throw new AuthError('only an administrator may do this', 403);
    return undefined;
  }
  const permission = 'permission' in auth ? auth.permission : undefined;
  if (!projectId) return undefined;
  const role = await membershipRole(ctx.db.db, principal.userId, projectId);
  if (principal.isAdmin) return role;
  if (!permission) return role;
  if (!roleAllows(role, permission))
    throw new AuthError(
      role ? `the ${role} role may not do this (needs ${permission})` : 'you have no role in this project',
      403,
    );
  return role;
}

export function registerRoutes(app: FastifyInstance, ctx: ServerContext, routes: AnyRoute[]): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: `${API_PREFIX}${spec.path}`,
      bodyLimit: spec.bodyLimit,
      config: spec.rateLimit ? { rateLimit: { ...spec.rateLimit, hook: 'preHandler' } } : undefined,
      handler: async (req, reply) => {
        const rawParams = req.params as Record<string, string>;
        const principal = await authenticate(ctx, req);
        const role = await authorize(ctx, spec, principal, rawParams.projectId);
        if (principal) checkCsrf(ctx, req, principal, spec.auth === 'public');
        const parse = <S extends z.ZodType>(where: string, schema: S | undefined, value: unknown) => {
          if (!schema) return undefined;
          const r = schema.safeParse(value ?? {});
          if (!r.success) throw describeZod(where, r.error);
          return r.data;
        };
        let status = spec.status ?? 200;
        const result = await spec.handler({
          req,
          reply,
          params: parse('params', spec.params, req.params),
          query: parse('query', spec.query, req.query),
          body: parse('body', spec.body, req.body),
          principal,
          role,
          status: (code) => {
            status = code;
          },
        });
        if (reply.sent) return reply;
        // A page that shows the answer itself (a new token, a setup link) asks not to be reloaded.
        const reload = req.headers['hx-request'] === 'true' && !req.headers['x-keep-page'];
        if (reload && spec.method !== 'GET' && !reply.hasHeader('HX-Redirect')) reply.header('HX-Refresh', 'true');
        reply.code(status);
        return result ?? null;
      },
    });
  }
}
