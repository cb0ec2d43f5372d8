import { createHash } from 'node:crypto';
import type { WorkflowDefinition } from '@troupe/sdk';

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

const hashes = new WeakMap<WorkflowDefinition, string>();

/** sha256 (hex) of the canonical JSON of a definition; what a run is pinned to. */
export function hashDefinition(definition: WorkflowDefinition): string {
  let hash = hashes.get(definition);
  if (hash === undefined) {
    hash = createHash('sha256').update(canonicalJson(definition)).digest('hex');
    hashes.set(definition, hash);
  }
  return hash;
}
