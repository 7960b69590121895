import type {} from '@fastify/cookie';
import * as client from 'openid-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../audit-log.js';
import type { OidcSettings, ServerContext } from '../context.js';
import { newId } from './secrets.js';

const FLOW_COOKIE = 'chainaudit_oidc';
const FLOW_PATH = '/api/v1/auth/oidc';

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

let cached: { key: string; config: Promise<client.Configuration> } | undefined;

/** Discovery once per issuer; plain http is allowed for a provider on this machine only. */
function configuration(o: OidcSettings): Promise<client.Configuration> {
  const key = `${o.issuer}\0${o.clientId}`;
  if (cached?.key !== key) {
    const issuer = new URL(o.issuer);
    const insecure = issuer.protocol === 'http:';
    if (insecure && !isLoopback(issuer)) throw new Error(`OIDC issuer ${o.issuer} must use https`);
    const config = client
      .discovery(issuer, o.clientId, o.clientSecret, undefined, {
        execute: insecure ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        cached = undefined;
        throw err;
      });
    cached = { key, config };
  }
  return cached.config;
}

export function redirectUri(ctx: ServerContext): string {
  return `${ctx.config.publicUrl.replace(/\/$/, '')}${FLOW_PATH}/callback`;
}

/** Authorization code flow with PKCE, state and nonce; the three travel in a signed, short-lived cookie. */
export async function startOidc(ctx: ServerContext, reply: FastifyReply): Promise<string> {
  const o = ctx.config.oidc!;
  const config = await configuration(o);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(ctx),
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  reply.setCookie(FLOW_COOKIE, JSON.stringify({ verifier, state, nonce }), {
    path: FLOW_PATH,
    httpOnly: true,
    secure: ctx.config.secureCookies,
    sameSite: 'lax',
    signed: true,
    maxAge: 600,
  });
  return url.href;
}

/** Finishes the flow and returns the local user, created on first sign-in with no roles. */
export async function finishOidc(ctx: ServerContext, req: FastifyRequest, reply: FastifyReply): Promise<string> {
  const o = ctx.config.oidc!;
  const raw = req.cookies[FLOW_COOKIE];
  const unsigned = raw ? req.unsignCookie(raw) : undefined;
  reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
  if (!unsigned?.valid || !unsigned.value) throw new Error('the sign-in flow expired or was not started here');
  const flow = JSON.parse(unsigned.value) as { verifier: string; state: string; nonce: string };
  const config = await configuration(o);
  const current = new URL(req.url, ctx.config.publicUrl);
  const tokens = await client.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
  const idClaims = tokens.claims();
  if (!idClaims?.sub) throw new Error('the provider returned no subject');
  // Providers may keep profile claims out of the ID token; the userinfo endpoint has them.
  const profile = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch(() => ({}));
  const claims = { ...profile, ...idClaims } as typeof idClaims & Record<string, unknown>;
  const db = ctx.db.db;
  const known = await db
    .selectFrom('users')
    .select(['id', 'disabled'])
    .where('oidc_issuer', '=', claims.iss)
    .where('oidc_subject', '=', claims.sub)
    .executeTakeFirst();
  if (known) {
    if (known.disabled) throw new Error('this account is disabled');
    return known.id;
  }
  const wanted = String(claims.preferred_username ?? claims.email ?? claims.sub)
    .replace(/[^A-Za-z0-9._@-]/g, '-')
    .slice(0, 60);
  let username = wanted;
  for (let n = 2; await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst(); n++)
    username = `${wanted}-${n}`;
  const id = newId('usr');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        username,
        display_name: String(claims.name ?? username).slice(0, 200),
        password_hash: null,
        is_admin: 0,
        oidc_issuer: claims.iss,
        oidc_subject: claims.sub,
        disabled: 0,
        setup_token_hash: null,
        setup_expires_at: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    await appendAudit(trx, ctx.db.engine, {
      actor: username,
      action: 'user.create-sso',
      entity: 'user',
      entityId: id,
      after: { username, issuer: claims.iss, subject: claims.sub },
    });
  });
  return id;
}
