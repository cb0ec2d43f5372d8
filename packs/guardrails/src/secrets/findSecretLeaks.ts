import { formatJsonPath } from '../json/formatJsonPath.js';
import { scanJson } from '../json/scanJson.js';
import { findSecretTokens } from './findSecretTokens.js';
import { SECRET_TOKEN_FORMAT_IDS, type SecretTokenFormatId } from './secretTokenFormats.js';

/** One leak: what was found (a format id or `known_secret`) and where, with sensitive keys masked. */
export interface SecretLeak {
  readonly kind: SecretTokenFormatId | 'known_secret';
  /** `$.a[0].b`; a leak inside an object key is reported at the object, with `isKey`. */
  readonly path: string;
  readonly isKey: boolean;
}

export interface FindSecretLeaksOptions {
  /** True when a string contains a secret value known to the host (GuardrailContext.containsSecret). */
  readonly containsSecret?: (value: string) => boolean;
  /** Token formats to look for; default all. An empty list looks only for known secrets. */
  readonly formats?: readonly SecretTokenFormatId[];
  readonly maxDepth?: number;
  /** Stop after this many leaks (default 20): one is enough to block. */
  readonly limit?: number;
}

export interface SecretLeakReport {
  readonly leaks: readonly SecretLeak[];
  /** True when part of the payload was nested too deep to be scanned. */
  readonly incomplete: boolean;
}

/**
 * Looks for secrets in every string (values and keys) and number of a JSON
 * payload: values the host knows to be secret, and credential-shaped tokens.
 * Paths in the report never show a key that is itself a leak.
 */
export function findSecretLeaks(payload: unknown, options: FindSecretLeaksOptions = {}): SecretLeakReport {
  const formats = options.formats ?? SECRET_TOKEN_FORMAT_IDS;
  const limit = options.limit ?? 20;
  const containsSecret = options.containsSecret;
  const leaks: SecretLeak[] = [];
  const leakyKeys = new Set<string>();

  const check = (text: string): Array<SecretLeak['kind']> => {
    const kinds: Array<SecretLeak['kind']> = [];
    if (containsSecret !== undefined && containsSecret(text)) kinds.push('known_secret');
    if (formats.length > 0) for (const m of findSecretTokens(text, formats)) if (!kinds.includes(m.format)) kinds.push(m.format);
    return kinds;
  };
  const isSensitiveKey = (key: string): boolean => leakyKeys.has(key) || check(key).length > 0;

  const pending: Array<{ kinds: Array<SecretLeak['kind']>; path: Array<string | number>; isKey: boolean }> = [];
  const { tooDeep } = scanJson(payload, {
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    string: (text, path, isKey) => {
      if (pending.length >= limit) return;
      const kinds = check(text);
      if (kinds.length === 0) return;
      if (isKey) leakyKeys.add(text);
      pending.push({ kinds, path: [...path], isKey });
    },
    number: (value, path) => {
      if (pending.length >= limit || containsSecret === undefined || !Number.isFinite(value)) return;
      if (containsSecret(String(value))) pending.push({ kinds: ['known_secret'], path: [...path], isKey: false });
    },
  });
  // Paths are rendered last, once every leaky key is known.
  for (const hit of pending) {
    const path = formatJsonPath(hit.path, isSensitiveKey);
    for (const kind of hit.kinds) leaks.push({ kind, path, isKey: hit.isKey });
  }
  return { leaks, incomplete: tooDeep };
}
