import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { REPORT_SCHEMA_VERSION, type Assessment } from '../assess/assess.js';
import { InputError, errorMessage } from '../errors.js';
import type { Finding } from '../model.js';
import { ensureDir } from './folders.js';

/** `--db`, then $CHAINAUDIT_DB, then $XDG_DATA_HOME/chainaudit/history.db (~/.local/share/…). */
export function defaultDbPath(): string {
  if (process.env.CHAINAUDIT_DB) return process.env.CHAINAUDIT_DB;
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'chainaudit', 'history.db');
}

export interface RunRow {
  id: string;
  scopeName: string;
  started: string;
  finished: string;
  score: number | null;
  band: string;
  failing: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  scope_name TEXT NOT NULL,
  scope_file TEXT NOT NULL,
  started TEXT NOT NULL,
  finished TEXT NOT NULL,
  score REAL,
  band TEXT NOT NULL,
  failing INTEGER NOT NULL,
  assessment TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  check_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  title TEXT NOT NULL,
  PRIMARY KEY (run_id, fingerprint)
);
CREATE INDEX IF NOT EXISTS runs_started ON runs(started);
CREATE INDEX IF NOT EXISTS findings_fingerprint ON findings(fingerprint);
CREATE TABLE IF NOT EXISTS artifacts (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created TEXT NOT NULL,
  PRIMARY KEY (run_id, name)
);
`;

/** A report file made from a stored run (a PDF), by its SHA-256, so a copy handed out can be checked. */
export interface ArtifactRow {
  runId: string;
  name: string;
  sha256: string;
  bytes: number;
  created: string;
}

/** Run history: every assessment, whole, plus its findings as rows for queries. */
export class RunStore {
  private db: Database.Database;

  constructor(readonly path: string) {
    ensureDir(dirname(path), `the folder of the history database`);
    const existing = statSync(path, { throwIfNoEntry: false });
    if (existing && !existing.isFile())
      throw new InputError(`cannot open the history database ${path}: not a regular file`);
    try {
      this.db = new Database(path, { timeout: 5000 });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('foreign_keys = ON');
      this.db.exec(SCHEMA);
    } catch (err) {
      throw new InputError(`cannot open the history database ${path}: ${errorMessage(err)}`);
    }
  }

  save(a: Assessment): void {
    const insertRun = this.db.prepare(
      'INSERT INTO runs (id, scope_name, scope_file, started, finished, score, band, failing, assessment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFinding = this.db.prepare(
      'INSERT OR REPLACE INTO findings (run_id, fingerprint, check_id, target_id, status, severity, title) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      insertRun.run(
        a.run.id,
        a.run.scopeName,
        a.run.scopeFile,
        a.run.started,
        a.run.finished,
        a.score,
        a.band,
        a.findings.filter((f) => f.status === 'fail').length,
        JSON.stringify(a),
      );
      for (const f of a.findings)
        insertFinding.run(a.run.id, f.fingerprint, f.checkId, f.targetId, f.status, f.severity, f.title);
    })();
  }

  list(limit = 50, scopeName?: string): RunRow[] {
    const rows = this.db
      .prepare(
        `SELECT id, scope_name AS scopeName, started, finished, score, band, failing FROM runs ${scopeName ? 'WHERE scope_name = ?' : ''} ORDER BY started DESC LIMIT ?`,
      )
      .all(...(scopeName ? [scopeName, limit] : [limit]));
    return rows as RunRow[];
  }

  /** A run by id, by unique id prefix, or `latest` / `latest~N`. */
  get(ref: string): Assessment {
    const m = /^latest(?:~(\d+))?$/.exec(ref);
    let row: { assessment: string } | undefined;
    if (m) {
      row = this.db
        .prepare('SELECT assessment FROM runs ORDER BY started DESC LIMIT 1 OFFSET ?')
        .get(Number(m[1] ?? 0)) as typeof row;
    } else {
      // a whole id wins over the ids it is a prefix of
      row = this.db.prepare('SELECT assessment FROM runs WHERE id = ?').get(ref) as typeof row;
      if (!row) {
        const rows = this.db.prepare("SELECT assessment FROM runs WHERE id LIKE ? || '%' LIMIT 2").all(ref) as {
          assessment: string;
        }[];
        if (rows.length > 1) throw new InputError(`run "${ref}" is ambiguous: give more of its id`);
        row = rows[0];
      }
    }
    if (!row) throw new InputError(`no run "${ref}" in ${this.path} (see \`chainaudit history\`)`);
    const a = JSON.parse(row.assessment) as Assessment;
    const major = (v: string) => v.split('.')[0];
    if (major(a.schemaVersion ?? '0') !== major(REPORT_SCHEMA_VERSION))
      throw new InputError(
        `run ${a.run.id} was stored by another version of chainaudit (report schema ${a.schemaVersion ?? 'unknown'}, this one reads ${REPORT_SCHEMA_VERSION}); audit the scope again to render it`,
      );
    return a;
  }

  /** The findings of the latest stored run of a scope, or none when the scope has no history. */
  latestFindings(scopeName: string): Finding[] {
    const row = this.db
      .prepare('SELECT assessment FROM runs WHERE scope_name = ? ORDER BY started DESC LIMIT 1')
      .get(scopeName) as { assessment: string } | undefined;
    return row ? (JSON.parse(row.assessment) as Assessment).findings : [];
  }

  /** The latest stored run of a scope, or undefined when it has none. */
  latestRun(scopeName: string): Assessment | undefined {
    const row = this.db
      .prepare('SELECT assessment FROM runs WHERE scope_name = ? ORDER BY started DESC LIMIT 1')
      .get(scopeName) as { assessment: string } | undefined;
    return row ? (JSON.parse(row.assessment) as Assessment) : undefined;
  }

  /** Of these fingerprints, the ones that failed or warned in some stored run of the scope. */
  everFailing(scopeName: string, fingerprints: string[]): Set<string> {
    const query = this.db.prepare(
      "SELECT 1 FROM findings f JOIN runs r ON r.id = f.run_id WHERE r.scope_name = ? AND f.fingerprint = ? AND f.status IN ('fail', 'warn') LIMIT 1",
    );
    return new Set(fingerprints.filter((fp) => query.get(scopeName, fp) !== undefined));
  }

  recordArtifact(runId: string, name: string, sha256: string, bytes: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO artifacts (run_id, name, sha256, bytes, created) VALUES (?, ?, ?, ?, ?)')
      .run(runId, name, sha256, bytes, new Date().toISOString());
  }

  artifacts(runId: string): ArtifactRow[] {
    return this.db
      .prepare('SELECT run_id AS runId, name, sha256, bytes, created FROM artifacts WHERE run_id = ? ORDER BY name')
      .all(runId) as ArtifactRow[];
  }

  close(): void {
    this.db.close();
  }
}
