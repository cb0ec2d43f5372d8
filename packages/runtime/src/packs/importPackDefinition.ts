import { pathToFileURL } from 'node:url';
import { TroupeError, type PackDefinition, describeThrown } from '@troupe/sdk';
import type { PackRecord } from './PackRecord.js';

/**
 * Imports a pack's entry module and checks its default export is a pack
 * definition. `reload` > 0 adds `?v=<reload>` to the URL: ESM caches modules
 * by URL forever, so a changed file is only evaluated again under a new URL.
 * The previous instance stays in memory (a bounded leak accepted in watch
 * mode), and only the entry module is re-evaluated: modules it imports keep
 * their cached instance.
 */
export async function importPackDefinition(record: PackRecord, reload = 0): Promise<PackDefinition> {
  if (record.inline) return record.inline;
  const entry = record.entryFile!;
  let module: { default?: unknown };
  try {
    module = (await import(entryUrl(entry, reload))) as { default?: unknown };
  } catch (error) {
    throw new TroupeError('E_PACK_IMPORT_FAILED', { pack: record.id, entry, reason: describeThrown(error) }, { cause: error });
  }
  const problem = definitionProblem(module.default);
  if (problem !== undefined) throw new TroupeError('E_PACK_IMPORT_FAILED', { pack: record.id, entry, reason: problem });
  return module.default as PackDefinition;
}

/**
 * Starts importing the entry modules of packs about to be activated, all at
 * once: activation imports them one at a time, and each import waits on its
 * files being read, so a host with fifty packs sat idle for a fifth of its
 * start. The module cache holds each import in flight; importPackDefinition
 * joins it later, in activation order, and reports its failure then.
 * A pack's module can thus be evaluated before an earlier pack's activate()
 * runs, or when the pack is not activated after all (a pack it requires
 * fails to activate). Packs that failed planning, or require one that did,
 * are not pending and never imported.
 */
export function prefetchPackModules(records: Iterable<PackRecord>): void {
  for (const record of records) {
    if (record.inline || record.entryFile === undefined) continue;
    import(entryUrl(record.entryFile, 0)).catch(() => {
      // Reported when the pack is activated (or never, when it is not).
    });
  }
}

function entryUrl(entry: string, reload: number): string {
  return pathToFileURL(entry).href + (reload > 0 ? `?v=${reload}` : '');
}

function definitionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the module has no default export of definePack({...})';
  const definition = value as Record<string, unknown>;
  if (definition.activate !== undefined && typeof definition.activate !== 'function') return 'activate is not a function';
  if (definition.deactivate !== undefined && typeof definition.deactivate !== 'function') return 'deactivate is not a function';
  if (definition.descriptors !== undefined && !Array.isArray(definition.descriptors)) return 'descriptors is not an array';
  return undefined;
}
