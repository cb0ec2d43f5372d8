import { mapJsonLeaves } from '../json/mapJsonLeaves.js';
import { PII_KINDS, type PiiKind } from './PiiMatch.js';
import { isCardNumberValue, piiPlaceholder, redactPiiInText, type PiiCounts } from './redactPii.js';

export interface RedactPiiOptions {
  readonly kinds?: readonly PiiKind[];
  /** Containers nested deeper are replaced by `[REDACTED:too_deep]` (they were not looked into). */
  readonly maxDepth?: number;
}

export interface RedactedJson {
  /** The redacted payload; the very input when nothing was redacted. */
  readonly payload: unknown;
  readonly changed: boolean;
  /** Replaced values per kind, plus `too_deep` and `cycle` for replaced containers. */
  readonly counts: PiiCounts & { too_deep?: number; cycle?: number };
}

/**
 * Redacts personal data in every string of a JSON payload (object keys are
 * left as they are) and card numbers written as JSON numbers. The input is
 * never mutated; unchanged branches are shared with it. What cannot be looked
 * into (too deep, cyclic) is replaced too, so the result never carries
 * unchecked text.
 */
export function redactPii(payload: unknown, options: RedactPiiOptions = {}): RedactedJson {
  const kinds = options.kinds ?? PII_KINDS;
  const counts: Record<string, number> = {};
  const add = (kind: string, n: number): void => {
    counts[kind] = (counts[kind] ?? 0) + n;
  };
  const redactCards = kinds.includes('card');
  const result = mapJsonLeaves(payload, {
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    string: (text) => {
      const redacted = redactPiiInText(text, kinds);
      for (const [kind, n] of Object.entries(redacted.counts)) add(kind, n);
      return redacted.text;
    },
    number: (value) => {
      if (!redactCards || !isCardNumberValue(value)) return value;
      add('card', 1);
      return piiPlaceholder('card');
    },
    tooDeep: () => {
      add('too_deep', 1);
      return piiPlaceholder('too_deep');
    },
    cycle: () => {
      add('cycle', 1);
      return piiPlaceholder('cycle');
    },
  });
  return { payload: result, changed: result !== payload, counts };
}
