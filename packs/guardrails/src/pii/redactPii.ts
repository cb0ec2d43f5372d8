import { isCardNumber } from './findCardNumbers.js';
import { findPii } from './findPii.js';
import { PII_KINDS, type PiiKind } from './PiiMatch.js';

/** The stable text that replaces a redacted value: `[REDACTED:email]`. */
export function piiPlaceholder(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Replaced values per kind; `text` counts whole strings replaced because redaction did not settle. */
export type PiiCounts = Partial<Record<PiiKind | 'text', number>>;

// Redaction passes before a string that keeps producing new matches is
// replaced whole; real text settles in one or two passes.
const MAX_PASSES = 4;

export interface RedactedText {
  readonly text: string;
  /** How many values of each kind were replaced. */
  readonly counts: PiiCounts;
}

/**
 * Replaces every email, phone, card number and IBAN of the given kinds with
 * its placeholder. Redaction repeats until nothing is found, because removing
 * one value changes the context of its neighbours (a number followed by more
 * figures is not a phone number; followed by a placeholder it may be). Text
 * built to keep that going (each pass uncovering one more value) is replaced
 * whole by `[REDACTED:text]` after a few passes, which bounds the work. The
 * result is always a fixed point, which makes redaction idempotent.
 */
export function redactPiiInText(text: string, kinds: readonly PiiKind[] = PII_KINDS): RedactedText {
  const counts: Record<string, number> = {};
  let current = text;
  for (let pass = 0; ; pass++) {
    const matches = findPii(current, kinds);
    if (matches.length === 0) return { text: current, counts };
    if (pass === MAX_PASSES) return { text: piiPlaceholder('text'), counts: { ...counts, text: 1 } };
    let out = '';
    let at = 0;
    for (const match of matches) {
      out += current.slice(at, match.start) + piiPlaceholder(match.kind);
      at = match.end;
      counts[match.kind] = (counts[match.kind] ?? 0) + 1;
    }
    current = out + current.slice(at);
  }
}

/** A JSON number that is a card number (13–19 digits, Luhn-valid), e.g. `{ "pan": 4111111111111111 }`. */
export function isCardNumberValue(value: number): boolean {
  return Number.isInteger(value) && value > 0 && isCardNumber(String(value));
}
