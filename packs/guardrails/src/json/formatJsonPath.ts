import type { JsonPathSegment } from './scanJson.js';

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;

/**
 * Renders a path as `$.a[0].b` for decision messages. Messages end up in the
 * audit log, so a key is shown only when it looks like an identifier and the
 * caller does not consider it sensitive; other keys show as `[*]`.
 */
export function formatJsonPath(path: readonly JsonPathSegment[], isSensitiveKey: (key: string) => boolean = () => false): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment) && !isSensitiveKey(segment)) out += `.${segment}`;
    else out += '[*]';
  }
  return out;
}
