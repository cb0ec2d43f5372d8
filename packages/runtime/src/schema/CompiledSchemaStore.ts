import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { createSchemaAjv, SCHEMA_AJV_OPTIONS, schemaStandaloneCode, type SchemaAjv, type SchemaDialect } from '@troupe/sdk';
import type { Validate } from './builtinValidators.js';

/** Bumped when what an entry holds, or how it is keyed, changes. */
const ENTRY_FORMAT = 1;
/** Past this many entries the folder is emptied on the next write (entries are rebuilt as schemas are compiled). */
const MAX_ENTRIES = 2000;
/**
 * How long after the first compile of a process its entries are written
 * (or at exit, whichever comes first): writing them out (ajv's standalone
 * code, a file each) cost a first start of 50 packs ~30 ms.
 */
const WRITE_DELAY_MS = 2000;

/**
 * Validators compiled in an earlier process, as ajv's standalone code, one
 * file per schema: a cold start that finds a pack's schema here loads its
 * validator instead of compiling it (ajv's code generation ran ~2–4 ms per
 * schema before its code was hot, and loading ajv itself ~30 ms). Keyed by
 * a sha256 of the schema text, the dialect, useDefaults, Troupe's ajv
 * options, createSchemaAjv's source and the versions of ajv and
 * ajv-formats, so a change of any of them misses rather than loads a stale
 * validator. Only successful compiles are written, so a hit accepts and
 * refuses exactly what compiling would, with the same errors; schemas that
 * are not plain JSON are never stored. Best effort: any failure to read,
 * load or write is a miss. Entries are written to a temporary file and
 * renamed, so a reader never sees half of one; a process writes its entries
 * after its start, not during it, and serves a schema text it compiled once
 * to its later compiles from memory.
 */
export class CompiledSchemaStore {
  private readonly salt: string;
  private pruned = false;
  /** Compiled in this process, not written yet; also served to a later compile of the same schema text. */
  private readonly pending = new Map<string, { readonly ajv: SchemaAjv; readonly validate: ValidateFunction }>();
  private writeTimer: NodeJS.Timeout | undefined;

  /** `requireFromSdk` resolves what the sdk's ajv resolves (ajv, its runtime helpers, ajv-formats). */
  constructor(
    readonly dir: string,
    private readonly requireFromSdk: NodeJS.Require,
  ) {
    const version = (name: string): string => (requireFromSdk(`${name}/package.json`) as { version: string }).version;
    this.salt = JSON.stringify([ENTRY_FORMAT, version('ajv'), version('ajv-formats'), SCHEMA_AJV_OPTIONS, createSchemaAjv.toString()]);
  }

  /** The entry key of `schema`, or undefined when it cannot be stored (not plain JSON). */
  keyOf(schema: object, dialect: SchemaDialect, useDefaults: boolean): string | undefined {
    if (!isPlainJson(schema, 0)) return undefined;
    return createHash('sha256').update(this.salt).update(JSON.stringify([dialect, useDefaults, schema])).digest('hex');
  }

  load(key: string): Validate | undefined {
    const compiled = this.pending.get(key);
    if (compiled) return compiled.validate as Validate;
    let code: string;
    try {
      code = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const module: { exports: unknown } = { exports: undefined };
      // ajv's standalone CommonJS code: it sets module.exports and requires ajv's runtime helpers and ajv-formats.
      new Function('require', 'module', code)(this.requireFromSdk, module);
      return typeof module.exports === 'function' ? (module.exports as Validate) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps what `ajv` (created with `code.source`) compiled, to be written
   * WRITE_DELAY_MS after the process's first compile or when it exits,
   * whichever comes first: off the path of the start that compiled it.
   */
  save(key: string, ajv: SchemaAjv, validate: ValidateFunction): void {
    this.pending.set(key, { ajv, validate });
    if (this.writeTimer !== undefined) return;
    this.writeTimer = setTimeout(this.flush, WRITE_DELAY_MS);
    // Neither keeps a process alive nor is lost when it ends first.
    this.writeTimer.unref();
    process.once('exit', this.flush);
  }

  /** Writes every kept validator now; a validator ajv cannot write out is skipped. */
  readonly flush = (): void => {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    process.off('exit', this.flush);
    for (const [key, { ajv, validate }] of this.pending) this.write(key, ajv, validate);
    this.pending.clear();
  };

  private write(key: string, ajv: SchemaAjv, validate: ValidateFunction): void {
    let tmp: string | undefined;
    try {
      const code = schemaStandaloneCode(ajv, validate);
      this.pruneOnce();
      tmp = join(this.dir, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      writeFileSync(tmp, code, { mode: 0o600, flag: 'wx' });
      renameSync(tmp, this.file(key));
      tmp = undefined;
    } catch {
      // A cache: a failed write costs the next start a compile, nothing else.
    } finally {
      if (tmp !== undefined) rmSync(tmp, { force: true });
    }
  }

  private file(key: string): string {
    return join(this.dir, `${key}.cjs`);
  }

  private pruneOnce(): void {
    if (this.pruned) return;
    this.pruned = true;
    const names = readdirSync(this.dir);
    if (names.length <= MAX_ENTRIES) return;
    for (const name of names) if (name.endsWith('.cjs') || name.endsWith('.tmp')) rmSync(join(this.dir, name), { force: true });
  }
}

/**
 * The store of this process, from `TROUPE_SCHEMA_CACHE`: unset, the
 * `troupe/schemas` folder of the user's cache folder (`$XDG_CACHE_HOME`, else
 * `~/.cache`); `off` (or `0`, `false`), none; anything else, that folder.
 * None either when the folder cannot be created, or is not private to this
 * user (its code is run): owned by another user, or writable by others.
 */
export function compiledSchemaStoreFromEnv(env: NodeJS.ProcessEnv = process.env): CompiledSchemaStore | undefined {
  const setting = env.TROUPE_SCHEMA_CACHE?.trim();
  if (setting !== undefined && ['', 'off', '0', 'false'].includes(setting.toLowerCase())) return undefined;
  try {
    const dir = setting ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'troupe', 'schemas');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    if ((process.getuid !== undefined && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0) return undefined;
    const requireFromRuntime = createRequire(import.meta.url);
    return new CompiledSchemaStore(dir, createRequire(requireFromRuntime.resolve('@troupe/sdk')));
  } catch {
    return undefined;
  }
}

let processStore: { readonly store: CompiledSchemaStore | undefined } | undefined;

/** compiledSchemaStoreFromEnv, read once per process, on the first compile. */
export function processCompiledSchemaStore(): CompiledSchemaStore | undefined {
  processStore ??= { store: compiledSchemaStoreFromEnv() };
  return processStore.store;
}

/** JSON values only (what JSON.stringify keeps as it is), so equal text means an equal schema. */
function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}
