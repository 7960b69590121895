import { sql, type Kysely } from 'kysely';
import type { Engine } from '../connect.js';

/** Schedules, monitoring jobs and their leases, workers, alert channels, rules, events and deliveries. */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const serial = (c: any) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope_name', 'text', (c) => c.notNull())
    /** Target ids or tags to run (JSON array); empty: the whole scope. */
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('jitter_seconds', 'integer', (c) => c.notNull())
    .addColumn('catch_up', 'text', (c) => c.notNull())
    .addColumn('intrusive', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('window_policy', 'text', (c) => c.notNull())
    /** JSON: [{ days: [1..7], start: "HH:MM", end: "HH:MM" }] in the schedule's time zone. */
    .addColumn('windows', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    /** The next slot not yet queued (ISO UTC); the scheduler moves it forward as it queues. */
    .addColumn('next_slot', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('schedules_name', ['project_id', 'name'])
    .execute();
  await db.schema.createIndex('schedules_due').on('schedules').columns(['enabled', 'next_slot']).execute();

  await db.schema
    .createTable('monitor_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('schedule_id', 'text')
    .addColumn('slot', 'text')
    /** One job per schedule slot and worker requirement, however many servers fire the schedule. */
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('scope_name', 'text', (c) => c.notNull())
    /** JSON: target ids, check patterns, intrusive/active, what was held back and why. */
    .addColumn('plan', 'text', (c) => c.notNull())
    /** Canonical "k=v,k=v" of the labels a worker needs; "" for any worker. */
    .addColumn('requires', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('queue_job_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('worker', 'text')
    .addColumn('run_id', 'text')
    .addColumn('error', 'text')
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('monitor_jobs_dedupe', ['project_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('monitor_jobs_project').on('monitor_jobs').columns(['project_id', 'queued_at']).execute();
  await db.schema.createIndex('monitor_jobs_state').on('monitor_jobs').columns(['state', 'queued_at']).execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('job_id', 'text', (c) => c.primaryKey().references('monitor_jobs.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('queue_job_id', 'text', (c) => c.notNull())
    /** The engine's proof of ownership (plainjob's stored payload, BullMQ's lock token). */
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_leases_expiry').on('job_leases').column('expires_at').execute();

  await db.schema
    .createTable('workers')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** JSON settings, secrets included; the API never returns the secret fields. */
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('alert_channels_name', ['project_id', 'name'])
    .execute();
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON array of event kinds. */
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('min_severity', 'text', (c) => c.notNull())
    /** JSON: { checks?: glob[], targets?: glob[], expiringWithinDays? } */
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('alert_channels.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('digest_time', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('alert_rules_name', ['project_id', 'name'])
    .execute();
  await db.schema
    .createTable('alert_events')
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', serial)
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    /** What makes this event itself (a finding and the run that showed it, …): raised once however many servers see it. */
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text')
    .addColumn('target_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('alert_events_dedupe', ['project_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createTable('alert_deliveries')
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', serial)
    .addColumn('event_id', 'integer', (c) => c.notNull().references('alert_events.id').onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .addUniqueConstraint('alert_deliveries_once', ['event_id', 'rule_id'])
    .execute();
  await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['state', 'due_at']).execute();

  // A client marks findings whose evidence stays out of the phased-disclosure report.
  await db.schema
    .alterTable('findings')
    .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`CREATE INDEX finding_events_project_at ON finding_events (project_id, at)`.execute(db);
}
