import { longestValidPrefix } from './longestValidPrefix.js';
import type { PiiMatch } from './PiiMatch.js';
import { mergeOverlaps } from './mergeOverlaps.js';

// International: "+" country code, then digit groups split by one separator
// or a parenthesised area code ("+44 (0)20 7946 0958", "+1 (555) 123-4567",
// "+4915112345678"). Separators are mandatory between groups, which keeps
// the pattern unambiguous (no catastrophic backtracking).
const INTERNATIONAL = /(?<![\w+])\+\d+(?:(?:[ .\-]|[ ]?\(\d{1,4}\)[ ]?)\d+){0,8}/g;

// North American: (555) 123-4567, 555-123-4567, 555.123.4567, 1-800-555-1234.
const NORTH_AMERICAN = /(?<![\w+.\-])(?:1[ .\-]?)?(?:\(\d{3}\)[ .\-]?|\d{3}[ .\-])\d{3}([ .\-])\d{4}(?!\w|\1\d|\.\d)/g;

// National numbers with a trunk "0" and one consistent separator
// (020 7946 0958, 07700 900123, 01 23 45 67 89, 030-1234567, (030) 1234567).
// A separator is required: a bare run of digits is far more often an id.
const TRUNK_PREFIXED =
  /(?<![\w+.\-])(?:0\d{1,4}([ .\-])\d{2,8}(?:\1\d{2,8}){0,4}(?!\w|\1\d|\.\d)|\(0\d{1,4}\)[ ]?\d{2,8}(?:[ .\-]\d{2,8}){0,3}(?!\w|[ .\-]\d))/g;

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';

/**
 * True when a national-form candidate is only the tail of a longer run of
 * digit groups written with the same separator ("… 2024 01 15 10 30"): a list
 * of figures, not a phone number. (Its head is already refused by the
 * patterns' lookahead.) Another separator before it ("555-123-4567 555-987-6543")
 * does not count.
 */
function continuesRun(text: string, start: number, separator: string | undefined): boolean {
  return separator !== undefined && text[start - 1] === separator && isDigit(text[start - 2]);
}

const isSeparator = (char: string): boolean => char === ' ' || char === '.' || char === '-' || char === '(';

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** E.164 allows at most 15 digits; a written "(0)" trunk digit does not count. */
function isPlausibleInternational(candidate: string): boolean {
  const digits = digitCount(candidate.replace('(0)', ''));
  return digits >= 8 && digits <= 15;
}

function isPlausibleNational(candidate: string): boolean {
  const digits = digitCount(candidate);
  return digits >= 9 && digits <= 12;
}

/**
 * Phone numbers in international form and the common national forms. Plain
 * digit runs without separators (ids, timestamps) and dates are left alone.
 */
export function findPhoneNumbers(text: string): PiiMatch[] {
  const matches: PiiMatch[] = [];
  const push = (start: number, value: string): void => {
    matches.push({ kind: 'phone', start, end: start + value.length, value });
  };

  if (text.includes('+')) {
    INTERNATIONAL.lastIndex = 0;
    for (let m = INTERNATIONAL.exec(text); m !== null; m = INTERNATIONAL.exec(text)) {
      const length = longestValidPrefix(m[0], isSeparator, isPlausibleInternational);
      if (length !== undefined) {
        push(m.index, m[0].slice(0, length));
        INTERNATIONAL.lastIndex = m.index + length;
      }
    }
  }
  for (const m of text.matchAll(NORTH_AMERICAN)) {
    if (!continuesRun(text, m.index, m[1])) push(m.index, m[0]);
  }
  for (const m of text.matchAll(TRUNK_PREFIXED)) {
    if (isPlausibleNational(m[0]) && !continuesRun(text, m.index, m[1])) push(m.index, m[0]);
  }
  return mergeOverlaps(text, matches);
}
