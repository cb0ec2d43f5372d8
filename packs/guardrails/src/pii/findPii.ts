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

/**
 * All personal data of the given kinds in a text, in order and without
 * overlaps (overlapping matches are merged into one span).
 */
export function findPii(text: string, kinds: readonly PiiKind[] = PII_KINDS): PiiMatch[] {
  if (!MAY_CONTAIN_PII.test(text)) return [];
  const all: PiiMatch[] = [];
  for (const kind of kinds) for (const match of FINDERS[kind](text)) all.push(match);
  return mergeOverlaps(text, all);
}
