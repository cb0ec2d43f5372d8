import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CompiledSchemaStore, compiledSchemaStoreFromEnv } from './CompiledSchemaStore.js';
import { SchemaCompiler } from './SchemaCompiler.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeIn(dir = mkdtempSync(join(tmpdir(), 'troupe-schema-store-'))): CompiledSchemaStore {
  dirs.push(dir);
  return new CompiledSchemaStore(dir, createRequire(createRequire(import.meta.url).resolve('@troupe/sdk')));
}

/** What a validator says about a few values: verdict, errors, and the value afterwards (defaults filled in). */
function verdicts(validate: ReturnType<SchemaCompiler['compile']>, values: unknown[]): unknown[] {
  return values.map((value) => {
    const copy = structuredClone(value);
    const ok = validate(copy);
    return [ok, validate.errors ?? null, copy];
  });
}

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {
    greeting: { type: 'string', minLength: 2, default: 'hello' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    mode: { enum: ['fast', 'careful'], default: 'fast' },
    endpoint: { type: 'string', format: 'uri', default: 'https://example.com/api' },
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
  },
};
const values = [{}, { greeting: 'h', limit: 0, mode: 'slow', endpoint: 'not a uri', tags: ['a', 'a'], extra: 1 }, { limit: 5 }, 'text'];

describe('compiled-schema store (validators of an earlier process)', () => {
  it('a later process loads the validator instead of compiling it, and it accepts, refuses and fills in the same', () => {
    const store = storeIn();
    const first = new SchemaCompiler({ useDefaults: true }, () => store).compile(options);
    store.flush();
    expect(readdirSync(store.dir).filter((name) => name.endsWith('.cjs'))).toHaveLength(1);

    const later = new SchemaCompiler({ useDefaults: true }, () => store).compile(structuredClone(options));
    // ajv marks what it compiles with its schema environment; a loaded validator has none.
    expect('schemaEnv' in first).toBe(true);
    expect('schemaEnv' in later).toBe(false);
    expect(verdicts(later, values)).toEqual(verdicts(first, values));
    expect(verdicts(later, values)).toEqual(verdicts(new SchemaCompiler({ useDefaults: true }, () => undefined).compile(options), values));
  });

  it('writes entries after the start that compiled them (a timer or the exit), and serves a schema text compiled once from memory until then', () => {
    const store = storeIn();
    const compiler = new SchemaCompiler({ useDefaults: true }, () => store);
    const first = compiler.compile(options);
    // Nothing written during the start; the write waits for a timer that keeps nobody alive, or for the exit.
    expect(readdirSync(store.dir)).toEqual([]);
    expect(process.listeners('exit')).toContain(store.flush);
    // The same schema text as another object (another pack's copy): not compiled again.
    expect(compiler.compile(structuredClone(options))).toBe(first);
    store.flush();
    expect(process.listeners('exit')).not.toContain(store.flush);
    expect(readdirSync(store.dir).filter((name) => name.endsWith('.cjs'))).toHaveLength(1);
    const loaded = new SchemaCompiler({ useDefaults: true }, () => store).compile(structuredClone(options));
    expect(loaded).not.toBe(first);
    expect(verdicts(loaded, values)).toEqual(verdicts(first, values));
  });

  it('a schema that does not compile is never stored, and is refused with the same message every time', () => {
    const store = storeIn();
    for (const schema of [{ type: 'strin' }, { type: 'string', minLenght: 3 }, { type: 'string', format: 'emial' }]) {
      const message = (() => {
        try {
          new SchemaCompiler({}, () => undefined).compile(schema);
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error('compiled');
      })();
      expect(() => new SchemaCompiler({}, () => store).compile(schema)).toThrow(message);
      expect(() => new SchemaCompiler({}, () => store).compile(schema)).toThrow(message);
    }
    expect(readdirSync(store.dir)).toEqual([]);
  });

  it('keys by schema text, dialect and useDefaults; what is not plain JSON is not stored', () => {
    const store = storeIn();
    const key = store.keyOf(options, 'draft-07', true);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(store.keyOf(structuredClone(options), 'draft-07', true)).toBe(key);
    expect(new Set([key, store.keyOf(options, 'draft-07', false), store.keyOf(options, '2020-12', true), store.keyOf({ ...options, required: ['mode'] }, 'draft-07', true)]).size).toBe(4);
    for (const odd of [{ type: 'string', default: undefined }, { minimum: Number.NaN }, { pattern: /a/ }, { items: [{}, , {}] }]) {
      expect(store.keyOf(odd as object, 'draft-07', false), String(Object.keys(odd))).toBeUndefined();
    }
  });

  it('a damaged entry is a miss: the schema is compiled again and the entry rewritten', () => {
    const store = storeIn();
    const key = store.keyOf(options, 'draft-07', true)!;
    writeFileSync(join(store.dir, `${key}.cjs`), 'module.exports = (');
    const validate = new SchemaCompiler({ useDefaults: true }, () => store).compile(options);
    expect('schemaEnv' in validate).toBe(true);
    store.flush();
    expect(store.load(key)).toBeTypeOf('function');
    expect('schemaEnv' in store.load(key)!).toBe(false);
    expect(readdirSync(store.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('TROUPE_SCHEMA_CACHE: off turns it off, a path moves it; a folder others can write to is not used', () => {
    expect(compiledSchemaStoreFromEnv({ TROUPE_SCHEMA_CACHE: 'off' })).toBeUndefined();
    expect(compiledSchemaStoreFromEnv({ TROUPE_SCHEMA_CACHE: '0' })).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'troupe-schema-store-'));
    dirs.push(dir);
    expect(compiledSchemaStoreFromEnv({ TROUPE_SCHEMA_CACHE: join(dir, 'schemas') })?.dir).toBe(join(dir, 'schemas'));
    expect(compiledSchemaStoreFromEnv({ XDG_CACHE_HOME: dir })?.dir).toBe(join(dir, 'troupe', 'schemas'));
    chmodSync(join(dir, 'schemas'), 0o777);
    expect(compiledSchemaStoreFromEnv({ TROUPE_SCHEMA_CACHE: join(dir, 'schemas') })).toBeUndefined();
  });
});
