import type { PiiMatch } from './PiiMatch.js';

// Local part, "@", dot-separated labels, an alphabetic top-level label. The
// lookbehind makes a match start only where a local part can start, which
// keeps the scan linear on long runs without "@".
const EMAIL = /(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![A-Za-z0-9\-])/g;

/** Email addresses (ASCII form) in a text. */
export function findEmails(text: string): PiiMatch[] {
  if (!text.includes('@')) return [];
  const matches: PiiMatch[] = [];
  for (const m of text.matchAll(EMAIL)) {
    matches.push({ kind: 'email', start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return matches;
}
