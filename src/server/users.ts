import type { Kysely } from 'kysely';
import { appendAudit } from './audit-log.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './auth/passwords.js';
import { newId, randomSecret, safeEqual, sha256Hex } from './auth/secrets.js';
import type { ServerContext } from './context.js';
import type { Database } from './db/schema.js';

const SETUP_HOURS = 24;
const FIRST_ADMIN_KEY = 'first_admin_setup';

export class SetupError extends Error {}

export function setupUrl(ctx: ServerContext, token: string): string {
  return `${ctx.config.publicUrl.replace(/\/$/, '')}/setup?token=${encodeURIComponent(token)}`;
}

export async function hasAdmin(db: Kysely<Database>): Promise<boolean> {
  return Boolean(
    await db.selectFrom('users').select('id').where('is_admin', '=', 1).where('disabled', '=', 0).executeTakeFirst(),
  );
}

/** While no administrator exists, a one-time link (valid 24 h) lets the first person create one. */
export async function firstAdminLink(ctx: ServerContext): Promise<string | null> {
  const db = ctx.db.db;
  if (await hasAdmin(db)) return null;
  const token = randomSecret(24);
  const value = JSON.stringify({
    hash: sha256Hex(token),
    expires: new Date(Date.now() + SETUP_HOURS * 3_600_000).toISOString(),
  });
  await db
    .insertInto('settings')
    .values({ key: FIRST_ADMIN_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  return setupUrl(ctx, token);
}

export interface NewUser {
  username: string;
  displayName?: string;
  isAdmin: boolean;
}

/** A new account has no password: it gets a one-time setup link its owner opens to choose one. */
export async function createUser(
  ctx: ServerContext,
  u: NewUser,
  actor: string,
): Promise<{ id: string; setupUrl: string }> {
  const token = randomSecret(24);
  const id = newId('usr');
  const now = new Date();
  await ctx.db.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        username: u.username,
        display_name: u.displayName || u.username,
        password_hash: null,
        is_admin: u.isAdmin ? 1 : 0,
        oidc_issuer: null,
        oidc_subject: null,
        disabled: 0,
        setup_token_hash: sha256Hex(token),
        setup_expires_at: new Date(now.getTime() + SETUP_HOURS * 3_600_000).toISOString(),
        created_at: now.toISOString(),
      })
      .execute();
    await appendAudit(trx, ctx.db.engine, {
      actor,
      action: 'user.create',
      entity: 'user',
      entityId: id,
      after: { username: u.username, displayName: u.displayName || u.username, isAdmin: u.isAdmin },
    });
  });
  return { id, setupUrl: setupUrl(ctx, token) };
}

/** Redeems a setup link: sets the password of the user it was made for, or creates the first admin. */
export async function redeemSetup(
  ctx: ServerContext,
  token: string,
  password: string,
  username?: string,
): Promise<{ userId: string }> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new SetupError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const db = ctx.db.db;
  const hash = sha256Hex(token);
  const now = new Date().toISOString();
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'setup_expires_at'])
    .where('setup_token_hash', '=', hash)
    .executeTakeFirst();
  const passwordHash = await hashPassword(password);
  if (user) {
    if (!user.setup_expires_at || user.setup_expires_at <= now) throw new SetupError('this setup link has expired');
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, setup_token_hash: null, setup_expires_at: null })
        .where('id', '=', user.id)
        .execute();
      await appendAudit(trx, ctx.db.engine, {
        actor: user.username,
        action: 'user.password-set',
        entity: 'user',
        entityId: user.id,
      });
    });
    return { userId: user.id };
  }
  const setting = await db.selectFrom('settings').select('value').where('key', '=', FIRST_ADMIN_KEY).executeTakeFirst();
  const first = setting ? (JSON.parse(setting.value) as { hash: string; expires: string }) : undefined;
  if (!first || !safeEqual(first.hash, hash)) throw new SetupError('this setup link is not valid (used already?)');
  if (first.expires <= now) throw new SetupError('this setup link has expired; restart the server for a new one');
  if (await hasAdmin(db)) throw new SetupError('an administrator exists already');
  if (!username || !/^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/.test(username))
    throw new SetupError('choose a user name: 2–64 letters, digits, ".", "_", "@" or "-"');
  const id = newId('usr');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('settings').where('key', '=', FIRST_ADMIN_KEY).execute();
    await trx
      .insertInto('users')
      .values({
        id,
        username,
        display_name: username,
        password_hash: passwordHash,
        is_admin: 1,
        oidc_issuer: null,
        oidc_subject: null,
        disabled: 0,
        setup_token_hash: null,
        setup_expires_at: null,
        created_at: now,
      })
      .execute();
    await appendAudit(trx, ctx.db.engine, {
      actor: username,
      action: 'user.create-first-admin',
      entity: 'user',
      entityId: id,
      after: { username, isAdmin: true },
    });
  });
  return { userId: id };
}
