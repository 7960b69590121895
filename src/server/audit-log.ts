import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Engine } from './db/connect.js';
import type { Database } from './db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  projectId?: string | null;
  before?: unknown;
  after?: unknown;
}

interface StoredEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  project_id: string | null;
  before: string | null;
  after: string | null;
}

/** The hash of an entry covers every field and the previous entry's hash, so no row can change unseen. */
export function entryHash(prevHash: string, e: StoredEntry): string {
  const body = JSON.stringify([e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.project_id, e.before, e.after]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one entry inside the caller's transaction, so a change and its record commit together.
 * The head row is locked (PostgreSQL) or the whole database is (SQLite), which keeps the chain linear
 * with several writers.
 */
export async function appendAudit(trx: Transaction<Database>, engine: Engine, entry: AuditEntry): Promise<number> {
  let q = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  if (engine === 'postgres') q = q.forUpdate();
  const head = await q.executeTakeFirstOrThrow();
  const row: StoredEntry = {
    seq: Number(head.seq) + 1,
    at: new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    project_id: entry.projectId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
  const hash = entryHash(head.hash, row);
  await trx
    .insertInto('audit_log')
    .values({ ...row, prev_hash: head.hash, hash })
    .execute();
  await trx.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
  return row.seq;
}

export interface LogProblem {
  seq: number;
  problem: string;
}

export interface LogVerification {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: LogProblem[];
}

/** Walks the whole chain: a gap, an edited field, a re-linked entry or a truncated tail each show up. */
export async function verifyAuditLog(db: Kysely<Database>): Promise<LogVerification> {
  const problems: LogProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(2000)
      .execute();
    if (page.length === 0) break;
    for (const raw of page) {
      const row = { ...raw, seq: Number(raw.seq) };
      entries++;
      if (row.seq !== expectedSeq)
        problems.push({ seq: expectedSeq, problem: `entries ${expectedSeq}–${row.seq - 1} are missing (deleted)` });
      if (row.prev_hash !== prevHash)
        problems.push({ seq: row.seq, problem: 'previous-hash link does not match the entry before it' });
      const recomputed = entryHash(row.prev_hash, row);
      if (recomputed !== row.hash) problems.push({ seq: row.seq, problem: 'content does not match its hash (edited)' });
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) problems.push({ seq: 0, problem: 'the log head record is missing' });
  else {
    if (Number(head.seq) !== expectedSeq - 1)
      problems.push({
        seq: Number(head.seq),
        problem: `the log should end at entry ${head.seq} but ends at ${expectedSeq - 1} (tail deleted)`,
      });
    else if (head.hash !== prevHash)
      problems.push({ seq: Number(head.seq), problem: 'the last entry does not match the recorded head hash' });
  }
  return { ok: problems.length === 0, entries, headHash: prevHash, problems };
}
