// Times on the page for the history: "14:02:10 — 3 min ago", a time typed by a person
// ("14:05", "14:05:30", or a full ISO time), and an address search with a time
// ("10.244.3.17 at 14:05"). Local time, as the person reads their clock. Pure.

/** "3 min ago", "2 h ago", "5 s ago", "2 days ago". */
export function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** The clock time (HH:MM:SS, 24 h), with the date when it is not today's. */
export function clockTime(at: number, now: number): string {
  const time = new Date(at);
  const pad = (value: number) => String(value).padStart(2, '0');
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
  const sameDay = new Date(now).toDateString() === time.toDateString();
  return sameDay ? clock : `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${clock}`;
}

/** "14:02:10 — 3 min ago, not live". */
export function pastLabel(at: number, now: number): string {
  return `${clockTime(at, now)} — ${ago(at, now)}, not live`;
}

/**
 * A time a person typed: "14:05" or "14:05:30" (today, local; yesterday when that is still
 * more than a few minutes to come — `now` may be a minute old), or an ISO 8601 time. Null
 * when it is not one.
 */
export function parseClock(text: string, now: number): number | null {
  const trimmed = text.trim();
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (clock) {
    const [hours, minutes, seconds] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
    const day = new Date(now);
    day.setHours(hours, minutes, seconds, 0);
    // Yesterday by the calendar, not 24 h back (a day is 23 or 25 h when the clocks change).
    if (day.getTime() > now + 5 * 60_000) day.setDate(day.getDate() - 1);
    return day.getTime();
  }
  if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(trimmed)) {
    const at = Date.parse(trimmed.replace(' ', 'T'));
    return Number.isNaN(at) ? null : at;
  }
  return null;
}

const ipv4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const ipv6 = /^[0-9a-f:]+:[0-9a-f:.]*$/i;

/** "10.244.3.17 at 14:05": an address and a time; null when the text is not that. */
export function parseAddressAt(text: string, now: number): { address: string; at: number } | null {
  const match = /^\s*(\S+)\s+at\s+(.+)$/i.exec(text);
  if (!match) return null;
  const address = match[1]!;
  if (!ipv4.test(address) && !ipv6.test(address)) return null;
  const at = parseClock(match[2]!, now);
  return at === null ? null : { address, at };
}

/** A time as links and the API write it (the page's `at=`, the routes' at/since/until): ISO 8601 with its zone, or milliseconds since the epoch; null when it is neither. */
export function parseTimeValue(value: string | null): number | null {
  if (!value) return null;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  if (!/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)$/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

/** Where svcmap was not watching around a time: "between 13:50:02 and 14:10:40", or the side that is known. */
export function gapText(gap: { from?: string; to?: string } | undefined, now: number): string {
  const time = (iso: string) => clockTime(Date.parse(iso), now);
  if (gap?.from && gap.to) return `between ${time(gap.from)} and ${time(gap.to)}`;
  if (gap?.to) return `before ${time(gap.to)}, when its history begins`;
  if (gap?.from) return `after ${time(gap.from)}`;
  return 'for that time';
}

/** "10.244.3.17 at 25:99": an address search whose time cannot be read; what to write instead, or null. */
export function addressAtProblem(text: string, now: number): string | null {
  const match = /^\s*(\S+)\s+at\s+(.+)$/i.exec(text);
  if (!match || (!ipv4.test(match[1]!) && !ipv6.test(match[1]!)) || parseClock(match[2]!, now) !== null) return null;
  return `"${match[2]!.trim()}" is not a time: search for an address at a time like "${match[1]} at 14:02" or "${match[1]} at 14:02:10".`;
}
