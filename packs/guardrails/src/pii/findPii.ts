import { findCardNumbers } from './findCardNumbers.js';
import { findEmails } from './findEmails.js';
import { findIbans } from './findIbans.js';
import { findPhoneNumbers } from './findPhoneNumbers.js';
import { mergeOverlaps } from './mergeOverlaps.js';
import { PII_KINDS, type PiiKind, type PiiMatch } from './PiiMatch.js';

const FINDERS: Readonly<Record<PiiKind, (text: string) => PiiMatch[]>> = {
  email: findEmails,
  phone: findPhoneNumbers,
  card: findCardNumbers,
  iban: findIbans,
};

// Every kind needs a digit or an "@": texts without either are skipped cheaply.
const MAY_CONTAIN_PII = /[0-9@]/;
// Cheap lower bounds that spare most short strings the patterns.
const MIN_DIGITS: Readonly<Record<PiiKind, number>> = { email: 0, phone: 8, card: 13, iban: 2 };
const MIN_LENGTH: Readonly<Record<PiiKind, number>> = { email: 6, phone: 8, card: 13, iban: 15 };

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * All personal data of the given kinds in a text, in order and without
 * overlaps (overlapping matches are merged into one span).
 */
export function findPii(text: string, kinds: readonly PiiKind[] = PII_KINDS): PiiMatch[] {
  if (!MAY_CONTAIN_PII.test(text)) return [];
  const digits = countDigits(text);
  const all: PiiMatch[] = [];
  for (const kind of kinds) {
    if (digits < MIN_DIGITS[kind] || text.length < MIN_LENGTH[kind]) continue;
    for (const match of FINDERS[kind](text)) all.push(match);
  }
  return mergeOverlaps(text, all);
}
