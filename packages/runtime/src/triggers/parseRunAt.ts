/** `2025-06-01T09:00Z`, `2025-06-01T09:00:00.000+02:00`: a date, a time and an explicit UTC offset. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The epoch ms of a runAt date, or an Error saying what is wrong. The offset is
 * required: without it the same file would fire at different instants on hosts
 * in different timezones.
 */
export function parseRunAt(value: string): number | Error {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) {
    return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value)
      ? new Error(`runAt "${value}" has no UTC offset; add "Z" or an offset such as "+02:00"`)
      : new Error(`runAt "${value}" is not an ISO 8601 date-time such as "2025-06-01T09:00:00Z"`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part))) as [number, number, number, number, number, number];
  // Date.parse rolls impossible dates over (Feb 30 → Mar 2); refuse them instead.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return new Error(`runAt "${value}" is not a real date and time`);
  }
  const epoch = Date.parse(value);
  return Number.isNaN(epoch) ? new Error(`runAt "${value}" is not a valid date`) : epoch;
}
