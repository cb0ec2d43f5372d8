import { SECRET_TOKEN_FORMATS, type SecretTokenFormat, type SecretTokenFormatId } from './secretTokenFormats.js';

/** Where a credential-shaped token sits in a text. The value is deliberately not carried. */
export interface SecretTokenMatch {
  readonly format: SecretTokenFormatId;
  readonly start: number;
  readonly end: number;
}

const BY_ID = new Map<string, SecretTokenFormat>(SECRET_TOKEN_FORMATS.map((f) => [f.id, f]));

/** Credential-shaped tokens (private keys, cloud and VCS tokens, JWTs, bearer credentials) in a text. */
export function findSecretTokens(text: string, formats: readonly SecretTokenFormatId[] = SECRET_TOKEN_FORMATS.map((f) => f.id)): SecretTokenMatch[] {
  const matches: SecretTokenMatch[] = [];
  // Every format is at least 16 characters long.
  if (text.length < 16) return matches;
  for (const id of formats) {
    const format = BY_ID.get(id);
    if (format === undefined || !format.markers.some((marker) => text.includes(marker))) continue;
    for (const m of text.matchAll(format.pattern)) {
      if (format.isValid === undefined || format.isValid(m[0])) {
        matches.push({ format: id, start: m.index, end: m.index + m[0].length });
      }
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}
