import { isLuhnValid } from './isLuhnValid.js';
import { longestValidPrefix } from './longestValidPrefix.js';
import type { PiiMatch } from './PiiMatch.js';

// 13–19 digits: contiguous, in groups of four (4-4-4-4, 4-4-4-4-3, …) or the
// 4-6-5 / 4-6-4 grouping of Amex and Diners, with one consistent separator.
const CARD = /(?<![\w.])(?:\d{13,19}|\d{4}([ \-])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?|\d{4}([ \-])\d{6}\2\d{4,5})(?![\w]|\.\d)/g;

const isSeparator = (char: string): boolean => char === ' ' || char === '-';

/**
 * True for a plausible payment card number: 13–19 digits, an issuer prefix of
 * a payment network (major industry identifier 2–6) and a valid Luhn checksum.
 * The prefix rule keeps millisecond timestamps (which start with 1) out.
 */
export function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ \-]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  const mii = digits.charCodeAt(0) - 48;
  return mii >= 2 && mii <= 6 && isLuhnValid(digits);
}

/** Payment card numbers (Luhn-checked) in a text. */
export function findCardNumbers(text: string): PiiMatch[] {
  const matches: PiiMatch[] = [];
  CARD.lastIndex = 0;
  for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
    const length = longestValidPrefix(m[0], isSeparator, isCardNumber);
    if (length === undefined) {
      // A valid number may start after a separator inside this candidate.
      CARD.lastIndex = m.index + 1;
      continue;
    }
    matches.push({ kind: 'card', start: m.index, end: m.index + length, value: m[0].slice(0, length) });
    CARD.lastIndex = m.index + length;
  }
  return matches;
}
