import { TroupeError } from '@troupe/sdk';

/** A whole number option in [1, max]; E_CLI_USAGE otherwise. */
export function positiveInteger(option: string, raw: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new TroupeError('E_CLI_USAGE', { problem: `${option} must be a whole number from 1 to ${max}, not "${String(raw)}"` });
  }
  return value;
}
