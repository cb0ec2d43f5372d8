import type { AnyDescriptor, InlinePack, JsonValue, PackContext, PackDefinition, PackManifest, PackStatus, TroupeError } from '@troupe/sdk';
import type { ServiceContainer } from '../di/ServiceContainer.js';

export type PackOrigin = 'npm' | 'path' | 'inline';

/** A config entry (or an inline registration) with every default filled in. */
export interface PackSettings {
  readonly enabled: boolean;
  readonly priority: number;
  readonly options: { readonly [key: string]: JsonValue };
  readonly onFailure: 'abort' | 'continue';
  readonly activationTimeoutMs: number;
  /** Semver range the installed version must satisfy. */
  readonly versionRange?: string;
}

/** A running pack: what stop() and hot reload need to tear it down. */
export interface PackActivation {
  readonly definition: PackDefinition;
  readonly context: PackContext;
  readonly controller: AbortController;
  readonly container: ServiceContainer;
  readonly descriptors: readonly AnyDescriptor[];
}

/** One pack as the host tracks it through planning, activation, reload and stop. */
export interface PackRecord {
  /** `use` as written in the config, or the inline pack's id. */
  readonly use: string;
  readonly origin: PackOrigin;
  readonly settings: PackSettings;
  /** The package name (or inline id); `use` until the package.json was read. */
  id: string;
  version: string;
  /** The package folder (npm and path packs). */
  dir?: string;
  manifest?: PackManifest;
  /** Absolute path of the entry module. */
  entryFile?: string;
  inline?: InlinePack;
  /** `pending` until it is active, failed or disabled. */
  status: PackStatus | 'pending';
  errors: TroupeError[];
  activation?: PackActivation;
}

export function fail(record: PackRecord, ...errors: TroupeError[]): void {
  record.status = 'failed';
  record.errors.push(...errors);
}
