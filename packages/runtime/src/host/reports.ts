import { toErrorInfo, type ErrorInfo, type PackReport, type StartupReport } from '@troupe/sdk';
import type { PackRecord } from '../packs/PackRecord.js';
import type { DescriptorRegistry } from '../registry/DescriptorRegistry.js';

/** Result of `host.validate()` / `troupe validate`: checks without importing or activating anything. */
export interface ValidationReport {
  readonly valid: boolean;
  readonly packs: readonly PackValidation[];
  /** Problems that are no single pack's (e.g. an unreadable secrets file). */
  readonly errors: readonly ErrorInfo[];
}

export interface PackValidation {
  readonly id: string;
  readonly version: string;
  readonly status: 'valid' | 'invalid' | 'disabled';
  readonly source: string;
  readonly errors: readonly ErrorInfo[];
}

export function sourceOf(record: PackRecord): string {
  return record.origin === 'inline' ? 'inline' : record.origin === 'path' ? (record.dir ?? record.use) : record.use;
}

/** One pack's line of the startup report, with each descriptor's live priority and whether it is the active one. */
export function packReport(record: PackRecord, registry: DescriptorRegistry): PackReport {
  const registered = new Map(registry.entriesOf(record.id).map((entry) => [`${entry.descriptor.kind}:${entry.descriptor.id}`, entry]));
  const descriptors = (record.activation?.descriptors ?? []).flatMap((descriptor) => {
    const entry = registered.get(`${descriptor.kind}:${descriptor.id}`);
    if (!entry) return [];
    const active = registry.isActive(record.id, descriptor.kind, descriptor.id);
    // A descriptor another pack also registers is worth a flag: one of them silently replaces the other.
    const others = [...new Set(registry.packsOf(descriptor.kind, descriptor.id))].filter((pack) => pack !== record.id);
    const winner = registry.get(descriptor.kind, descriptor.id)?.packId;
    return [
      {
        kind: descriptor.kind,
        id: descriptor.id,
        priority: entry.priority,
        active,
        ...(active && others.length > 0 ? { overrides: others } : {}),
        ...(!active && winner !== undefined && winner !== record.id ? { shadowedBy: winner } : {}),
      },
    ];
  });
  return {
    id: record.id,
    version: record.version,
    status: record.status === 'pending' ? 'failed' : record.status,
    source: sourceOf(record),
    descriptors,
    errors: record.errors.map((error) => toErrorInfo(error)),
  };
}

export function packValidation(record: PackRecord): PackValidation {
  return {
    id: record.id,
    version: record.version,
    status: record.status === 'disabled' ? 'disabled' : record.status === 'failed' ? 'invalid' : 'valid',
    source: sourceOf(record),
    errors: record.errors.map((error) => toErrorInfo(error)),
  };
}

/**
 * A validation report with what loading found: a pack that failed to load,
 * or loaded with errors (e.g. a workflow that cannot run), is invalid, its
 * load errors listed after its planning ones.
 */
export function withLoadResults(planned: ValidationReport, loaded: StartupReport): ValidationReport {
  const byId = new Map(loaded.packs.map((pack) => [pack.id, pack]));
  const packs = planned.packs.map((pack): PackValidation => {
    const found = pack.status === 'valid' ? byId.get(pack.id) : undefined;
    const seen = new Set(pack.errors.map((error) => `${error.code} ${error.message}`));
    // Secrets belong to where the host runs: a pack not loaded for want of them is not invalid.
    const added = (found?.errors ?? []).filter((error) => !seen.has(`${error.code} ${error.message}`) && !missingSecrets(error));
    if (added.length === 0) return pack;
    return { ...pack, status: 'invalid', errors: [...pack.errors, ...added] };
  });
  const errors = [...planned.errors, ...(loaded.errors ?? [])];
  return { valid: errors.length === 0 && packs.every((pack) => pack.status !== 'invalid'), packs, errors };
}

function missingSecrets(error: ErrorInfo): boolean {
  return error.code === 'E_SECRET_MISSING' || (error.code === 'E_PACK_DEPENDENCY_FAILED' && error.cause !== undefined && missingSecrets(error.cause));
}
