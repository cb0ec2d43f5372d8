import { readFileSync } from 'node:fs';
import { TroupeError } from '@troupe/sdk';
import type { SecretResolver } from './SecretResolver.js';
import { SECRET_ENV_PREFIX, secretEnvName } from './secretEnvName.js';

export type SecretSource = 'programmatic' | 'env' | 'file';

export interface HostSecretsOptions {
  /** Resolution order. Default `["programmatic", "env", "file"]`. */
  readonly sources?: readonly SecretSource[];
  /** Values given in code by the host app. */
  readonly values?: Readonly<Record<string, string>>;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Absolute path of a JSON file `{ "<id>": "<value>" }`. */
  readonly file?: string;
}

/** Shorter values would redact ordinary words everywhere, so they are not scrubbed. */
const MIN_SCRUB_LENGTH = 4;
const REDACTED = '[REDACTED]';

/**
 * Secrets from ordered sources, and a scrubber that knows every value any
 * source holds (not only the ones resolved so far): a value must never reach a
 * log, a report or an error message, whichever pack it belongs to.
 */
export class HostSecrets implements SecretResolver {
  private readonly sources: readonly SecretSource[];
  private readonly values: Readonly<Record<string, string>>;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly fileValues: Readonly<Record<string, string>>;
  private readonly pattern: RegExp | undefined;

  constructor(options: HostSecretsOptions = {}) {
    this.sources = options.sources ?? ['programmatic', 'env', 'file'];
    this.values = options.values ?? {};
    this.env = options.env ?? process.env;
    this.fileValues = options.file === undefined ? {} : readSecretsFile(options.file);
    this.pattern = buildPattern([
      ...Object.values(this.values),
      ...Object.values(this.fileValues),
      ...Object.entries(this.env).flatMap(([name, value]) => (name.startsWith(SECRET_ENV_PREFIX) && value !== undefined ? [value] : [])),
    ]);
  }

  get(id: string): string | undefined {
    for (const source of this.sources) {
      const value = source === 'programmatic' ? this.values[id] : source === 'env' ? this.env[secretEnvName(id)] : this.fileValues[id];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  }

  resolve(ids: readonly string[]): { readonly values: Readonly<Record<string, string>>; readonly missing: readonly string[] } {
    const values: Record<string, string> = {};
    const missing: string[] = [];
    for (const id of ids) {
      const value = this.get(id);
      if (value === undefined) missing.push(id);
      else values[id] = value;
    }
    return { values, missing };
  }

  scrub(text: string): string {
    return this.pattern === undefined ? text : text.replace(this.pattern, REDACTED);
  }

  containsSecret(text: string): boolean {
    if (this.pattern === undefined) return false;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text);
  }

  /**
   * Copy-on-change: parts without a secret are shared with the input, so a
   * clean value costs one walk and no allocation. Errors become plain
   * `{ name, message, stack }` objects with their text scrubbed.
   */
  scrubValue<T>(value: T): T {
    return this.pattern === undefined ? value : (this.scrubAny(value, 0) as T);
  }

  private scrubAny(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (typeof value !== 'object' || value === null || depth > 32) return value;
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { name: value.name, message: this.scrub(value.message) };
      if (value.stack !== undefined) copy.stack = this.scrub(value.stack);
      const code = (value as { code?: unknown }).code;
      if (code !== undefined) copy.code = code;
      if (value.cause !== undefined) copy.cause = this.scrubAny(value.cause, depth + 1);
      return copy;
    }
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, index) => {
        const scrubbed = this.scrubAny(item, depth + 1);
        if (scrubbed !== item) (copy ??= [...value])[index] = scrubbed;
      });
      return copy ?? value;
    }
    if (value instanceof Map) return this.scrubMap(value, depth);
    if (value instanceof Set) return this.scrubSet(value, depth);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
    // An object is stored as JSON makes it: through its toJSON (a Date, say), else its own enumerable fields.
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const json = (toJSON as () => unknown).call(value);
      const scrubbed = this.scrubAny(json, depth + 1);
      return scrubbed === json ? value : scrubbed;
    }
    // A plain object stays itself unless something in it changed; an instance with a secret becomes a plain copy of its fields.
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const scrubbedKey = this.scrub(key);
      const scrubbed = this.scrubAny(item, depth + 1);
      if (scrubbed !== item || scrubbedKey !== key) {
        copy ??= { ...(value as Record<string, unknown>) };
        if (scrubbedKey !== key) delete copy[key];
        copy[scrubbedKey] = scrubbed;
      }
    }
    return copy ?? value;
  }

  private scrubMap(map: Map<unknown, unknown>, depth: number): Map<unknown, unknown> {
    let changed = false;
    const entries: [unknown, unknown][] = [];
    for (const [key, item] of map) {
      const scrubbedKey = this.scrubAny(key, depth + 1);
      const scrubbed = this.scrubAny(item, depth + 1);
      if (scrubbedKey !== key || scrubbed !== item) changed = true;
      entries.push([scrubbedKey, scrubbed]);
    }
    return changed ? new Map(entries) : map;
  }

  private scrubSet(set: Set<unknown>, depth: number): Set<unknown> {
    let changed = false;
    const items: unknown[] = [];
    for (const item of set) {
      const scrubbed = this.scrubAny(item, depth + 1);
      if (scrubbed !== item) changed = true;
      items.push(scrubbed);
    }
    return changed ? new Set(items) : set;
  }
}

function readSecretsFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TroupeError('E_SECRET_FILE_INVALID', { file, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the file's text, which holds secrets: say less.
    throw new TroupeError('E_SECRET_FILE_INVALID', { file, reason: 'it is not valid JSON' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TroupeError('E_SECRET_FILE_INVALID', { file, reason: 'it is not a JSON object' });
  }
  const bad = Object.entries(parsed).filter(([, value]) => typeof value !== 'string').map(([id]) => id);
  if (bad.length > 0) throw new TroupeError('E_SECRET_FILE_INVALID', { file, reason: `values must be strings (${bad.join(', ')})` });
  return parsed as Record<string, string>;
}

function buildPattern(values: readonly string[]): RegExp | undefined {
  const long = values.filter((value) => value.length >= MIN_SCRUB_LENGTH);
  // Also the JSON-escaped form (quotes, backslashes, control characters), as it appears in serialized output.
  const known = [...new Set([...long, ...long.map((value) => JSON.stringify(value).slice(1, -1))])];
  if (known.length === 0) return undefined;
  // Longest first, so a value that contains another is replaced whole.
  known.sort((a, b) => b.length - a.length);
  return new RegExp(known.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}
