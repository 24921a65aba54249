import { describe, expect, test } from 'vitest';
import { addressAtProblem, ago, clockTime, gapText, parseAddressAt, parseClock, parseTimeValue, pastLabel } from './time';

const now = new Date(2026, 11, 2, 14, 5, 10).getTime();

describe('history times on the page', () => {
  test('say how long ago, in the unit a person would use', () => {
    expect(ago(now - 5_000, now)).toBe('5 s ago');
    expect(ago(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(ago(now - 5 * 3_600_000, now)).toBe('5 h ago');
    expect(ago(now - 3 * 86_400_000, now)).toBe('3 days ago');
  });

  test('a past moment reads as its clock time and that it is not live', () => {
    expect(pastLabel(new Date(2026, 11, 2, 14, 2, 10).getTime(), now)).toBe('14:02:10 — 3 min ago, not live');
    expect(clockTime(new Date(2026, 11, 1, 9, 0, 0).getTime(), now)).toBe('2026-12-01 09:00:00');
  });

  test('a typed clock time is today, or yesterday when today it is still to come', () => {
    expect(parseClock('14:02', now)).toBe(new Date(2026, 11, 2, 14, 2, 0).getTime());
    expect(parseClock('14:02:30', now)).toBe(new Date(2026, 11, 2, 14, 2, 30).getTime());
    expect(parseClock('23:00', now)).toBe(new Date(2026, 11, 1, 23, 0, 0).getTime());
    expect(parseClock('2026-12-02T13:00:00Z', now)).toBe(Date.parse('2026-12-02T13:00:00Z'));
    expect(parseClock('25:00', now)).toBeNull();
    expect(parseClock('soon', now)).toBeNull();
  });

  test('at= in a link: an ISO time with its zone or epoch milliseconds, nothing looser', () => {
    expect(parseTimeValue('2026-12-02T14:02:10.000Z')).toBe(Date.parse('2026-12-02T14:02:10.000Z'));
    expect(parseTimeValue('1764684130000')).toBe(1_764_684_130_000);
    expect(parseTimeValue('2026-12-02')).toBeNull();
    expect(parseTimeValue('yesterday')).toBeNull();
    expect(parseTimeValue(null)).toBeNull();
  });

  test('a gap says its known sides', () => {
    const iso = (hours: number, minutes: number) => new Date(2026, 11, 2, hours, minutes, 0).toISOString();
    expect(gapText({ from: iso(13, 50), to: iso(14, 1) }, now)).toBe('between 13:50:00 and 14:01:00');
    expect(gapText({ to: iso(14, 1) }, now)).toBe('before 14:01:00, when its history begins');
    expect(gapText({ from: iso(13, 50) }, now)).toBe('after 13:50:00');
    expect(gapText(undefined, now)).toBe('for that time');
  });

  test('an address search with a time', () => {
    expect(parseAddressAt('10.244.3.17 at 14:05', now)).toEqual({ address: '10.244.3.17', at: new Date(2026, 11, 2, 14, 5, 0).getTime() });
    expect(parseAddressAt('fd00::17 at 14:05:09', now)?.address).toBe('fd00::17');
    expect(parseAddressAt('10.244.3.17', now)).toBeNull();
    expect(parseAddressAt('checkout at 14:05', now)).toBeNull();
    expect(parseAddressAt('10.244.3.17 at noon', now)).toBeNull();
    expect(addressAtProblem('10.244.3.17 at 25:99', now)).toBe('"25:99" is not a time: search for an address at a time like "10.244.3.17 at 14:02" or "10.244.3.17 at 14:02:10".');
    expect(addressAtProblem('10.244.3.17 at 14:05', now)).toBeNull();
    expect(addressAtProblem('checkout at noon', now)).toBeNull();
  });
});
