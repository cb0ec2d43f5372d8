import type { Ajv } from 'ajv';
import type { Ajv2019 } from 'ajv/dist/2019.js';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type addFormats from 'ajv-formats';
import type { AnyValidateFunction } from 'ajv/dist/types/index.js';

/**
 * The one set of ajv options of Troupe, for the host config, pack manifests
 * and options, workflow, task and tool schemas, the server's requests and
 * messages, and the schemas packs compile themselves (the guardrails pack's
 * `schema.conform`), so the same schema accepts the same value everywhere.
 * It lives in the sdk because a pack may not depend on `@troupe/runtime`:
 * - every problem is reported (`allErrors`);
 * - strict mode: a schema with an unknown keyword (`minLenght`) or an unknown
 *   `format` does not compile, so a typo is an error where it is written
 *   rather than a check that silently never happens; NaN/Infinity are not
 *   numbers. The strict checks on schema style stay off, since common valid
 *   schemas trip them: `required` naming a property an if/then branch defines,
 *   `properties` without `type: "object"`, tuples without `minItems`, and
 *   `type` lists (`["string", "null"]`) are accepted;
 * - formats (`email`, `uri`, `date-time`, …) are checked, by ajv-formats;
 * - nothing is printed: ajv's logger is off, problems are returned;
 * - schemas are never registered by `$id` (packs reload and reuse ids).
 */
export const SCHEMA_AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  strictRequired: false,
  strictTypes: false,
  strictTuples: false,
  allowUnionTypes: true,
  addUsedSchema: false,
  logger: false,
} as const;

export type SchemaDialect = 'draft-07' | '2019-09' | '2020-12';

export type SchemaAjv = Ajv | Ajv2019 | Ajv2020;

/** The dialect a schema's `$schema` names; draft-07 when it names none. */
export function schemaDialect(schema: unknown): SchemaDialect {
  const declared = typeof schema === 'object' && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  if (typeof declared !== 'string') return 'draft-07';
  if (declared.includes('2020-12')) return '2020-12';
  if (declared.includes('2019-09')) return '2019-09';
  return 'draft-07';
}

/**
 * An ajv instance with SCHEMA_AJV_OPTIONS and the formats. `useDefaults`
 * (fill in `default`s while validating) is the one allowed variation: only
 * pack options use it. ajv's pass that tidies the code it generates is off:
 * it changes no result, and skipping it halves the cost of compiling a
 * schema on a cold start (a host compiles every pack's options schema
 * there), while the untidied validators run as fast.
 */
export function createSchemaAjv(dialect: SchemaDialect = 'draft-07', variation: { readonly useDefaults?: boolean } = {}): SchemaAjv {
  const options = { ...SCHEMA_AJV_OPTIONS, useDefaults: variation.useDefaults ?? false, code: { optimize: false } };
  if (dialect === '2020-12' || dialect === '2019-09') {
    const ajv =
      dialect === '2020-12'
        ? new (load<{ Ajv2020: typeof Ajv2020 }>('ajv/dist/2020.js').Ajv2020)(options)
        : new (load<{ Ajv2019: typeof Ajv2019 }>('ajv/dist/2019.js').Ajv2019)(options);
    load<typeof addFormats>('ajv-formats').default(ajv);
    return ajv;
  }
  const draft07 = draft07Ajv();
  const ajv = new draft07.Ajv(options);
  draft07.addFormats(ajv);
  standaloneOf.set(ajv, draft07.standaloneCode);
  return ajv;
}

/**
 * ajv's standalone code (a CommonJS module) of a validator an instance of
 * createSchemaAjv compiled, by the ajv copy that instance comes from.
 */
export function schemaStandaloneCode(ajv: SchemaAjv, validate: AnyValidateFunction): string {
  const standaloneCode = standaloneOf.get(ajv) ?? load<{ default: StandaloneCode }>('ajv/dist/standalone').default;
  return standaloneCode(ajv, validate);
}

type StandaloneCode = (ajv: SchemaAjv, validate: AnyValidateFunction) => string;

interface Draft07Ajv {
  readonly Ajv: typeof Ajv;
  readonly addFormats: (typeof addFormats)['default'];
  readonly standaloneCode: StandaloneCode;
}

/** Which copy of ajv made an instance: its standalone code must come from the same one. */
const standaloneOf = new WeakMap<SchemaAjv, StandaloneCode>();

let draft07: Draft07Ajv | undefined;

/**
 * The draft-07 ajv, its formats and its standalone code from one file
 * (vendor/ajv-draft07.cjs, built from the installed ajv and ajv-formats by
 * scripts/bundle-ajv.mjs): loading their hundred modules one by one cost
 * ~40 ms of a cold start. From node_modules when the file was not built
 * (a checkout before `pnpm build`).
 */
function draft07Ajv(): Draft07Ajv {
  if (draft07) return draft07;
  let loaded: Draft07Ajv;
  try {
    loaded = load<Draft07Ajv>('../vendor/ajv-draft07.cjs');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    loaded = { Ajv: load<{ Ajv: typeof Ajv }>('ajv').Ajv, addFormats: load<typeof addFormats>('ajv-formats').default, standaloneCode: load<{ default: StandaloneCode }>('ajv/dist/standalone').default };
  }
  draft07 = loaded;
  return loaded;
}

/**
 * ajv (CommonJS) is loaded on the first createSchemaAjv, one dialect at a
 * time: importing the sdk (every CLI command, every pack) then costs
 * nothing for schemas it never compiles. `process.getBuiltinModule` rather
 * than an import of node:module keeps the sdk importable by browser bundles.
 */
function load<T>(id: string): T {
  requireHere ??= process.getBuiltinModule('node:module').createRequire(import.meta.url);
  return requireHere(id) as T;
}

let requireHere: NodeJS.Require | undefined;
