import { toErrorInfo, type ErrorInfo, type PackReport } from '@troupe/sdk';
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
    return [{ kind: descriptor.kind, id: descriptor.id, priority: entry.priority, active: registry.isActive(record.id, descriptor.kind, descriptor.id) }];
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
