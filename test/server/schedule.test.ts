import { describe, expect, it } from 'vitest';
import {
  cronProblem,
  dueSlots,
  inWindow,
  jitterMs,
  levelsAt,
  MAX_CATCH_UP,
  nextSlot,
} from '../../src/server/monitoring/schedule.js';

const at = (iso: string) => new Date(iso);

describe('schedules: cron in a time zone, jitter, catch-up, maintenance windows', () => {
  it('reads cron in the schedule’s zone, daylight saving included', () => {
    // 02:30 every day in New York: 07:30 UTC in winter, 06:30 UTC in summer
    expect(nextSlot('30 2 * * *', 'America/New_York', at('2026-01-10T00:00:00Z'))!.toISOString()).toBe(
      '2026-01-10T07:30:00.000Z',
    );
    expect(nextSlot('30 2 * * *', 'America/New_York', at('2026-07-10T00:00:00Z'))!.toISOString()).toBe(
      '2026-07-10T06:30:00.000Z',
    );
    expect(nextSlot('0 3 * * 1', 'Asia/Shanghai', at('2026-12-06T00:00:00Z'))!.toISOString()).toBe(
      '2026-12-06T19:00:00.000Z',
    );
  });

  it('names what is wrong with a cron line or a zone', () => {
    expect(cronProblem('0 3 * * *', 'UTC')).toBeNull();
    expect(cronProblem('0 3 * *', 'UTC')).toMatch(/expected 5 fields/);
    expect(cronProblem('0 25 * * *', 'UTC')).toMatch(/cron "0 25 \* \* \*"/);
    expect(cronProblem('0 3 * * *', 'Europe/Atlantis')).toMatch(/not an IANA zone/);
    expect(cronProblem('0 0 30 2 *', 'UTC')).toMatch(/never fires|30 2/);
  });

  it('jitters each slot by the same offset on every server, spread over the window', () => {
    const a = jitterMs('sch_1', '2026-12-06T19:00:00.000Z', 600);
    expect(jitterMs('sch_1', '2026-12-06T19:00:00.000Z', 600)).toBe(a);
    expect(jitterMs('sch_1', '2026-12-06T19:00:00.000Z', 0)).toBe(0);
    const offsets = Array.from({ length: 1000 }, (_, i) => jitterMs(`sch_${i}`, '2026-12-06T19:00:00.000Z', 600));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(600_000);
    // spread: every tenth of the window gets some
    const buckets = new Set(offsets.map((o) => Math.floor(o / 60_000)));
    expect(buckets.size).toBe(10);
  });

  it('catches up missed slots as configured and queues the upcoming ones ahead', () => {
    const s = { cron: '0 * * * *', timezone: 'UTC' };
    const from = at('2026-12-06T00:00:00Z');
    const now = at('2026-12-06T10:30:00Z');
    const none = dueSlots({ ...s, catchUp: 'none' }, from, now, 60 * 60_000);
    expect(none.slots.map((d) => d.toISOString())).toEqual(['2026-12-06T11:00:00.000Z']);
    expect(none.skipped).toBe(11);
    const latest = dueSlots({ ...s, catchUp: 'latest' }, from, now, 60 * 60_000);
    expect(latest.slots.map((d) => d.toISOString())).toEqual(['2026-12-06T10:00:00.000Z', '2026-12-06T11:00:00.000Z']);
    const all = dueSlots({ ...s, catchUp: 'all' }, from, now, 60 * 60_000);
    expect(all.slots).toHaveLength(12);
    expect(all.next!.toISOString()).toBe('2026-12-06T12:00:00.000Z');
    const longAway = dueSlots({ ...s, catchUp: 'all' }, at('2026-11-01T00:00:00Z'), now, 0);
    expect(longAway.slots).toHaveLength(MAX_CATCH_UP);
    expect(longAway.slots.at(-1)!.toISOString()).toBe('2026-12-06T10:00:00.000Z');
  });

  it('tells inside from outside a window in the zone, across midnight and by weekday', () => {
    const nightly = [{ start: '23:00', end: '02:00', days: [6] }]; // Saturday night, Shanghai
    // Saturday 2026-12-05 23:30 Shanghai = 15:30 UTC
    expect(inWindow(at('2026-12-05T15:30:00Z'), 'Asia/Shanghai', nightly)).toBe(true);
    // Sunday 01:30 Shanghai, still Saturday's window
    expect(inWindow(at('2026-12-05T17:30:00Z'), 'Asia/Shanghai', nightly)).toBe(true);
    // Sunday 02:30 Shanghai
    expect(inWindow(at('2026-12-05T18:30:00Z'), 'Asia/Shanghai', nightly)).toBe(false);
    // Friday 23:30 Shanghai
    expect(inWindow(at('2026-12-04T15:30:00Z'), 'Asia/Shanghai', nightly)).toBe(false);
  });

  it('holds intrusive and active checks back outside an inside-only window, and inside a freeze', () => {
    const windows = [{ start: '01:00', end: '05:00' }];
    const base = { intrusive: true, active: true, windows, timezone: 'UTC' };
    expect(levelsAt({ ...base, windowPolicy: 'inside' }, at('2026-12-06T02:00:00Z'))).toEqual({
      intrusive: true,
      active: true,
    });
    const held = levelsAt({ ...base, windowPolicy: 'inside' }, at('2026-12-06T12:00:00Z'));
    expect(held).toMatchObject({ intrusive: false, active: false });
    expect(held.heldBack).toMatch(
      /intrusive and active checks held back: the run started outside a maintenance window/,
    );
    const freeze = levelsAt({ ...base, windowPolicy: 'outside' }, at('2026-12-06T02:00:00Z'));
    expect(freeze.heldBack).toMatch(/inside a maintenance window \(not allowed inside one\)/);
    expect(levelsAt({ ...base, windowPolicy: 'outside' }, at('2026-12-06T12:00:00Z')).intrusive).toBe(true);
    expect(
      levelsAt({ ...base, intrusive: false, active: false, windowPolicy: 'inside' }, at('2026-12-06T12:00:00Z')),
    ).toEqual({
      intrusive: false,
      active: false,
    });
  });
});
