import { isValidIban } from './isValidIban.js';
import { longestValidPrefix } from './longestValidPrefix.js';
import type { PiiMatch } from './PiiMatch.js';

// Country code, check digits, then the BBAN compact or printed in groups of
// four. Each repetition consumes exactly four characters, so the pattern
// cannot backtrack badly.
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;

const isSeparator = (char: string): boolean => char === ' ';

/** IBANs (mod-97 checked) in a text, compact or printed in groups of four. */
export function findIbans(text: string): PiiMatch[] {
  const matches: PiiMatch[] = [];
  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m !== null; m = IBAN.exec(text)) {
    // A printed IBAN followed by a short word ("… 3000 CODE") is caught as one candidate.
    const length = longestValidPrefix(m[0], isSeparator, isValidIban);
    if (length === undefined) {
      IBAN.lastIndex = m.index + 1;
      continue;
    }
    matches.push({ kind: 'iban', start: m.index, end: m.index + length, value: m[0].slice(0, length) });
    IBAN.lastIndex = m.index + length;
  }
  return matches;
}
