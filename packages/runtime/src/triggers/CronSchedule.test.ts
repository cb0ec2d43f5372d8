import { describe, expect, it } from 'vitest';
import { CronSchedule } from './CronSchedule.js';

const utc = (iso: string): number => Date.parse(iso);

describe('CronSchedule', () => {
  it('computes fires in the given timezone, across a daylight-saving change', () => {
    const paris = new CronSchedule('0 9 * * *', 'Europe/Paris');
    // 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer.
    expect(paris.nextAfter(utc('2025-03-29T12:00:00Z'))).toBe(utc('2025-03-30T07:00:00Z'));
    expect(paris.nextAfter(utc('2025-01-01T00:00:00Z'))).toBe(utc('2025-01-01T08:00:00Z'));
    expect(new CronSchedule('0 9 * * *', 'America/New_York').nextAfter(utc('2025-01-01T00:00:00Z'))).toBe(utc('2025-01-01T14:00:00Z'));
  });

  it('lists fires strictly after, and at or before, an instant', () => {
    const every5 = new CronSchedule('*/5 * * * *');
    expect(every5.nextAfter(utc('2025-01-01T00:05:00Z'))).toBe(utc('2025-01-01T00:10:00Z'));
    expect(every5.latestAtOrBefore(utc('2025-01-01T00:05:00Z'))).toBe(utc('2025-01-01T00:05:00Z'));
    expect(every5.latestAtOrBefore(utc('2025-01-01T00:09:59.999Z'))).toBe(utc('2025-01-01T00:05:00Z'));
  });

  it('takes a 6-field pattern with seconds', () => {
    expect(new CronSchedule('*/10 * * * * *').nextAfter(utc('2025-01-01T00:00:00Z'))).toBe(utc('2025-01-01T00:00:10Z'));
  });

  it('lists a window of fires, inclusive at both ends, and only the latest ones past a limit', () => {
    const hourly = new CronSchedule('0 * * * *');
    expect(hourly.between(utc('2025-01-01T01:00:00Z'), utc('2025-01-01T03:00:00Z'), 10)).toEqual({
      fires: [utc('2025-01-01T01:00:00Z'), utc('2025-01-01T02:00:00Z'), utc('2025-01-01T03:00:00Z')],
      truncated: false,
    });
    expect(hourly.between(utc('2025-01-01T00:00:00Z'), utc('2025-01-02T00:00:00Z'), 2)).toEqual({
      fires: [utc('2025-01-01T23:00:00Z'), utc('2025-01-02T00:00:00Z')],
      truncated: true,
    });
  });

  it('refuses bad patterns and timezones with a reason', () => {
    expect(() => new CronSchedule('61 * * * *')).toThrow(/cron pattern "61 \* \* \* \*" is invalid .*minute/);
    expect(() => new CronSchedule('every day')).toThrow(/is invalid/);
    expect(() => new CronSchedule('0 0 0 * * * 2030')).toThrow(/is invalid/);
    expect(() => new CronSchedule('0 9 * * *', 'Mars/Olympus')).toThrow(/timezone "Mars\/Olympus" is not an IANA timezone/);
  });

  it('says when a pattern never fires again', () => {
    expect(new CronSchedule('0 0 30 2 *').nextAfter(utc('2025-01-01T00:00:00Z'))).toBeUndefined();
  });
});
