const GROUP_END = /[0-9A-Za-z)]/;

/**
 * Loose patterns can run into neighbouring text ("4111 1111 1111 1111 123"
 * where 123 is a CVV). Tries the whole candidate, then shorter prefixes that
 * end where a group ends (before a separator), longest first, and returns the
 * length of the first one `isValid` accepts.
 */
export function longestValidPrefix(
  candidate: string,
  isSeparator: (char: string) => boolean,
  isValid: (prefix: string) => boolean,
): number | undefined {
  if (isValid(candidate)) return candidate.length;
  for (let i = candidate.length - 1; i > 0; i--) {
    if (isSeparator(candidate[i] as string) && GROUP_END.test(candidate[i - 1] as string)) {
      const prefix = candidate.slice(0, i);
      if (isValid(prefix)) return i;
    }
  }
  return undefined;
}
