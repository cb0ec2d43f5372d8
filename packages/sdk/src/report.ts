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
  readonly descriptors: readonly {
    readonly kind: DescriptorKind;
    readonly id: string;
    readonly priority: number;
    readonly active: boolean;
    /** Active, and other packs register the same `kind:id`: the packs whose descriptor this one overrides. */
    readonly overrides?: readonly string[];
    /** Not active: the pack whose descriptor of the same `kind:id` is. */
    readonly shadowedBy?: string;
  }[];
  readonly errors: readonly ErrorInfo[];
}

/** What a host start produced: shown by `troupe packs`, served at GET /v1/packs. */
export interface StartupReport {
  readonly packs: readonly PackReport[];
  /** Host-level problems (config, cycles) that are not one pack's. */
  readonly errors?: readonly ErrorInfo[];
}
