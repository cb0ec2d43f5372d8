import { DEFAULT_MAX_DEPTH } from './mapJsonLeaves.js';

export type JsonPathSegment = string | number;

export interface JsonScanVisitor {
  /**
   * Called for every string value and every object key. `path` is the live
   * path of the enclosing value (copy it to keep it); for a key it is the
   * path of the object that holds the key.
   */
  readonly string?: (value: string, path: readonly JsonPathSegment[], isKey: boolean) => void;
  readonly number?: (value: number, path: readonly JsonPathSegment[]) => void;
  readonly maxDepth?: number;
}

export interface JsonScanResult {
  /** True when some container was nested deeper than `maxDepth` and was not looked into. */
  readonly tooDeep: boolean;
}

/**
 * Visits the strings (values and keys) and numbers of a JSON-like value
 * without copying it. Each container is visited once, so cycles and shared
 * references terminate; `toJSON` is honoured like JSON.stringify does.
 */
export function scanJson(input: unknown, visitor: JsonScanVisitor): JsonScanResult {
  const maxDepth = visitor.maxDepth ?? DEFAULT_MAX_DEPTH;
  const seen = new Set<object>();
  const path: JsonPathSegment[] = [];
  let tooDeep = false;

  const visit = (value: unknown, depth: number, key: string): void => {
    if (typeof value === 'string') {
      visitor.string?.(value, path, false);
      return;
    }
    if (typeof value === 'number') {
      visitor.number?.(value, path);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const serialised: unknown = toJSON.call(value, key);
      if (serialised !== value) visit(serialised, depth, key);
      return;
    }
    if (seen.has(value)) return;
    seen.add(value);
    if (depth >= maxDepth) {
      tooDeep = true;
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i], depth + 1, String(i));
        path.pop();
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      visitor.string?.(k, path, true);
      path.push(k);
      visit(record[k], depth + 1, k);
      path.pop();
    }
  };

  visit(input, 0, '');
  return { tooDeep };
}
