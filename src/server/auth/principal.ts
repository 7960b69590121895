import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { appendAudit } from '../audit-log.js';
import type { ServerContext } from '../context.js';
import { randomSecret, safeEqual, sha256Hex, TOKEN_PREFIX } from './secrets.js';
import type { TokenScope } from './roles.js';

export const SESSION_COOKIE = '__Host-chainaudit';
/** Without TLS (local testing only) browsers refuse __Host- cookies. */
export const SESSION_COOKIE_INSECURE = 'chainaudit_session';

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  via: 'session' | 'token';
  /** Token scopes; null for a signed-in session (the user's roles alone decide). */
  scopes: Set<TokenScope> | null;
  /** A token bound to one project works on that project's routes only. */
  projectId: string | null;
  tokenId?: string;
  csrfToken?: string;
}

export class AuthError extends Error {
  constructor(
    message: string,
    readonly statusCode: 401 | 403,
  ) {
    super(message);
  }
}

export function sessionCookieName(ctx: ServerContext): string {
  return ctx.config.secureCookies ? SESSION_COOKIE : SESSION_COOKIE_INSECURE;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Who is calling: a bearer API token, or a session cookie. Returns null when neither is present;
 * throws 401 for a present but unusable credential (unknown, expired, revoked, disabled user).
 */
export async function authenticate(ctx: ServerContext, req: FastifyRequest): Promise<Principal | null> {
  const db = ctx.db.db;
  const header = req.headers.authorization;
  const now = new Date().toISOString();
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m || !m[1].startsWith(TOKEN_PREFIX)) throw new AuthError('expected Authorization: Bearer cat_…', 401);
    const row = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'api_tokens.id as tokenId',
        'api_tokens.scopes',
        'api_tokens.project_id',
        'api_tokens.expires_at',
        'api_tokens.revoked_at',
        'api_tokens.last_used_at',
        'users.id as userId',
        'users.username',
        'users.display_name',
        'users.is_admin',
        'users.disabled',
      ])
      .where('api_tokens.token_hash', '=', sha256Hex(m[1]))
      .executeTakeFirst();
    if (!row) throw new AuthError('unknown API token', 401);
    if (row.revoked_at) throw new AuthError('this API token was revoked', 401);
    if (row.expires_at <= now) throw new AuthError(`this API token expired ${row.expires_at}`, 401);
    if (row.disabled) throw new AuthError('the owner of this API token is disabled', 401);
    if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS)
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tokenId).execute();
    return {
      userId: row.userId,
      username: row.username,
      displayName: row.display_name,
      isAdmin: Boolean(row.is_admin),
      via: 'token',
      scopes: new Set(JSON.parse(row.scopes) as TokenScope[]),
      projectId: row.project_id,
      tokenId: row.tokenId,
    };
  }
  const sid = req.cookies[sessionCookieName(ctx)];
  if (!sid) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.id as userId',
      'users.username',
      'users.display_name',
      'users.is_admin',
      'users.disabled',
    ])
    .where('sessions.id_hash', '=', sha256Hex(sid))
    .executeTakeFirst();
  if (!row || row.expires_at <= now || row.disabled) return null;
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.display_name,
    isAdmin: Boolean(row.is_admin),
    via: 'session',
    scopes: null,
    projectId: null,
    csrfToken: row.csrf_token,
  };
}

/** Opens a session (cookie) and logs the sign-in with how it happened. */
export async function startSession(
  ctx: ServerContext,
  reply: FastifyReply,
  userId: string,
  method: 'password' | 'setup-link' | 'sso',
): Promise<void> {
  const sid = randomSecret(32);
  const now = Date.now();
  const expires = new Date(now + ctx.config.sessionHours * 3_600_000);
  await ctx.db.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id_hash: sha256Hex(sid),
        user_id: userId,
        csrf_token: randomSecret(24),
        created_at: new Date(now).toISOString(),
        expires_at: expires.toISOString(),
      })
      .execute();
    const user = await trx.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirstOrThrow();
    await appendAudit(trx, ctx.db.engine, {
      actor: user.username,
      action: 'session.start',
      entity: 'user',
      entityId: userId,
      after: { method, ip: reply.request.ip },
    });
  });
  reply.setCookie(sessionCookieName(ctx), sid, {
    path: '/',
    httpOnly: true,
    secure: ctx.config.secureCookies,
    sameSite: 'lax',
    expires,
  });
}

export async function endSession(ctx: ServerContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const sid = req.cookies[sessionCookieName(ctx)];
  if (sid) await ctx.db.db.deleteFrom('sessions').where('id_hash', '=', sha256Hex(sid)).execute();
  reply.clearCookie(sessionCookieName(ctx), {
    path: '/',
    secure: ctx.config.secureCookies,
    httpOnly: true,
    sameSite: 'lax',
  });
}

/**
 * Cookie-authenticated writes come from our own origin and carry the session's CSRF token. The
 * public sign-in routes check the origin only: a signed-in browser may sign in again.
 */
export function checkCsrf(ctx: ServerContext, req: FastifyRequest, p: Principal, originOnly = false): void {
  if (p.via !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return;
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw new AuthError('cross-site request refused', 403);
  const origin = req.headers.origin;
  if (origin && origin !== new URL(ctx.config.publicUrl).origin && origin !== `${req.protocol}://${req.host}`)
    throw new AuthError(`request from origin ${origin} refused`, 403);
  if (originOnly) return;
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !p.csrfToken || !safeEqual(sent, p.csrfToken))
    throw new AuthError('missing or wrong CSRF token (x-csrf-token header)', 403);
}

export async function membershipRole(
  db: Kysely<Database>,
  userId: string,
  projectId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row?.role;
}
