import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate a mistyped name most likely meant ("did you mean"), or
 * undefined when none is close: at most two edits, or a third of the
 * name's letters for longer names (`rnu` finds `run`, `frobnicate` finds
 * nothing), or the only candidate that starts with the name.
 */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((candidate) => candidate !== name);
  if (list.length === 0 || name.length === 0) return undefined;
  const prefixed = list.filter((candidate) => candidate.startsWith(name) || name.startsWith(candidate));
  if (prefixed.length === 1) return prefixed[0];
  const best = closest(name, list);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
