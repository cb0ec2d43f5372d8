import type { DescriptorKind } from './descriptors.js';
import type { ErrorInfo } from './errors/TroupeError.js';

export type PackStatus = 'active' | 'failed' | 'disabled';

/** One pack's line of the startup report. */
export interface PackReport {
  readonly id: string;
  readonly version: string;
  readonly status: PackStatus;
  /** Where it was loaded from: a folder, a package name, or `inline`. */
  readonly source?: string;
  readonly descriptors: readonly { readonly kind: DescriptorKind; readonly id: string; readonly priority: number; readonly active: boolean }[];
  readonly errors: readonly ErrorInfo[];
}

/** What a host start produced: shown by `troupe packs`, served at GET /v1/packs. */
export interface StartupReport {
  readonly packs: readonly PackReport[];
  /** Host-level problems (config, cycles) that are not one pack's. */
  readonly errors?: readonly ErrorInfo[];
}
