import type { PiiKind, PiiMatch } from './PiiMatch.js';

// When two kinds claim the same span, the more specific (checksummed) one names it.
const RANK: Readonly<Record<PiiKind, number>> = { iban: 0, card: 1, email: 2, phone: 3 };

/**
 * Sorts matches into text order and merges overlapping ones into one span
 * named after the earliest (then longest, then checksummed) match. Merging
 * rather than dropping means a redaction never leaves the tail of a value
 * that another match only partly covered.
 */
export function mergeOverlaps(text: string, matches: PiiMatch[]): PiiMatch[] {
  if (matches.length <= 1) return matches;
  matches.sort((a, b) => a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind]);
  const merged: PiiMatch[] = [];
  let last: PiiMatch | undefined;
  for (const match of matches) {
    if (last !== undefined && match.start < last.end) {
      if (match.end > last.end) {
        last = { kind: last.kind, start: last.start, end: match.end, value: text.slice(last.start, match.end) };
        merged[merged.length - 1] = last;
      }
      continue;
    }
    merged.push(match);
    last = match;
  }
  return merged;
}
