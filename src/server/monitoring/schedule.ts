import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import { z } from 'zod';

/**
 * When scheduled runs happen. A schedule is a cron expression read in its own time zone; each slot
 * it yields is a run, started a fixed pseudo-random number of seconds later (jitter, so a thousand
 * targets on the same cron line do not all start in the same second). Slots missed while no server
 * was running are run once, all, or not at all (catch-up). Maintenance windows decide whether the
 * intrusive and active checks a schedule asks for may run at the time a run starts.
 */

export const CATCH_UP = ['none', 'latest', 'all'] as const;
export type CatchUp = (typeof CATCH_UP)[number];
export const WINDOW_POLICIES = ['none', 'inside', 'outside'] as const;
/** none: the schedule's intrusive/active flags apply at any time; inside: only inside a window; outside: only outside. */
export type WindowPolicy = (typeof WINDOW_POLICIES)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');
export const maintenanceWindow = z
  .object({
    /** ISO weekdays, 1 = Monday … 7 = Sunday; all days when absent. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    start: hhmm,
    end: hhmm,
  })
  .strict();
export type MaintenanceWindow = z.infer<typeof maintenanceWindow>;

/** At most this many missed slots are run under `catch-up: all`, newest kept. */
export const MAX_CATCH_UP = 24;
/** A slot whose start lies further back than this when the scheduler sees it was missed. */
export const MISSED_AFTER_MS = 5 * 60_000;

export function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron expression or time zone is refused, or null when both are usable. */
export function cronProblem(cron: string, timezone: string): string | null {
  if (!validTimezone(timezone)) return `time zone "${timezone}" is not an IANA zone (e.g. Asia/Shanghai, UTC)`;
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return `cron "${cron}": expected 5 fields (minute hour day month weekday) or 6`;
  try {
    const next = new Cron(cron, { timezone, paused: true }).nextRun(new Date());
    if (!next) return `cron "${cron}" never fires`;
  } catch (err) {
    return `cron "${cron}": ${(err as Error).message}`;
  }
  return null;
}

/** The first slot strictly after `after`. */
export function nextSlot(cron: string, timezone: string, after: Date): Date | null {
  return new Cron(cron, { timezone, paused: true }).nextRun(after) ?? null;
}

/** The same offset for a given schedule and slot on every server: 0 ≤ jitter < jitterSeconds. */
export function jitterMs(scheduleId: string, slot: string, jitterSeconds: number): number {
  if (jitterSeconds <= 0) return 0;
  const h = createHash('sha256').update(`${scheduleId}\0${slot}`).digest();
  return (h.readUInt32BE(0) / 0x1_0000_0000) * jitterSeconds * 1000;
}

export interface DueSlots {
  /** Slots to queue now, oldest first. */
  slots: Date[];
  /** Missed slots skipped under the catch-up policy. */
  skipped: number;
  /** Where the schedule continues from. */
  next: Date | null;
}

/**
 * Slots from `from` (the schedule's next unqueued slot) up to `now + lookahead`, with the catch-up
 * policy applied to those already missed. Queued ahead by `lookahead`, a run waits in the queue for
 * its start time instead of depending on the scheduler's own tick.
 */
export function dueSlots(
  s: { cron: string; timezone: string; catchUp: CatchUp },
  from: Date,
  now: Date,
  lookaheadMs: number,
  limit = 10_000,
): DueSlots {
  const horizon = now.getTime() + lookaheadMs;
  const missed: Date[] = [];
  const upcoming: Date[] = [];
  let cur: Date | null = from;
  let guard = 0;
  while (cur && cur.getTime() <= horizon && guard++ < limit) {
    if (cur.getTime() < now.getTime() - MISSED_AFTER_MS) missed.push(cur);
    else upcoming.push(cur);
    cur = nextSlot(s.cron, s.timezone, cur);
  }
  let kept: Date[] = [];
  if (s.catchUp === 'latest') kept = missed.slice(-1);
  else if (s.catchUp === 'all') kept = missed.slice(-MAX_CATCH_UP);
  return { slots: [...kept, ...upcoming], skipped: missed.length - kept.length, next: cur };
}

/** Weekday (1–7) and minutes since midnight of an instant in a time zone. */
function localClock(at: Date, timezone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Whether `at` falls inside one of the windows; a window whose end is before its start runs past midnight. */
export function inWindow(at: Date, timezone: string, windows: MaintenanceWindow[]): boolean {
  const { day, minutes } = localClock(at, timezone);
  const prevDay = day === 1 ? 7 : day - 1;
  return windows.some((w) => {
    const start = toMinutes(w.start);
    const end = toMinutes(w.end);
    const onDay = (d: number) => !w.days || w.days.includes(d);
    if (start === end) return onDay(day);
    if (start < end) return onDay(day) && minutes >= start && minutes < end;
    return (onDay(day) && minutes >= start) || (onDay(prevDay) && minutes < end);
  });
}

export interface LevelDecision {
  intrusive: boolean;
  active: boolean;
  /** Why intrusive or active checks asked for are not run, when they are not. */
  heldBack?: string;
}

/** The intrusive/active levels a run starting at `at` may use under the schedule's window policy. */
export function levelsAt(
  s: {
    intrusive: boolean;
    active: boolean;
    windowPolicy: WindowPolicy;
    windows: MaintenanceWindow[];
    timezone: string;
  },
  at: Date,
): LevelDecision {
  if (!s.intrusive && !s.active) return { intrusive: false, active: false };
  if (s.windowPolicy === 'none') return { intrusive: s.intrusive, active: s.active };
  const inside = inWindow(at, s.timezone, s.windows);
  const allowed = s.windowPolicy === 'inside' ? inside : !inside;
  if (allowed) return { intrusive: s.intrusive, active: s.active };
  const asked = [s.intrusive && 'intrusive', s.active && 'active'].filter(Boolean).join(' and ');
  return {
    intrusive: false,
    active: false,
    heldBack: `${asked} checks held back: the run started ${inside ? 'inside' : 'outside'} a maintenance window (${
      s.windowPolicy === 'inside' ? 'allowed only inside one' : 'not allowed inside one'
    })`,
  };
}
