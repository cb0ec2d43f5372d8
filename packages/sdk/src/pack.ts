import type { AnyDescriptor } from './descriptors.js';
import type { JsonSchema, JsonValue } from './json.js';
import type { Logger } from './logger.js';

/** The narrow view of the host a pack gets in activate(): nothing else leaks in. */
export interface PackContext<Options = Record<string, JsonValue>> {
  readonly packId: string;
  readonly packVersion: string;
  /** Child logger bound to the pack id (secret values are redacted). */
  readonly logger: Logger;
  /** The entry's `options`, validated against the pack's optionsSchema. */
  readonly options: Readonly<Options>;
  /** Only the secrets the pack manifest declared. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Fires when the pack is deactivated or the host stops. */
  readonly signal: AbortSignal;
}

/**
 * The default export of a pack's entry module. Descriptors may be static or
 * returned by `activate` (e.g. when they depend on options).
 */
export interface PackDefinition<Options = Record<string, JsonValue>> {
  /** Static descriptors, registered after activate() resolves. */
  readonly descriptors?: readonly AnyDescriptor[];
  /** JSON Schema of the entry's `options`; checked before activate (E_PACK_OPTIONS_INVALID). */
  readonly optionsSchema?: JsonSchema;
  activate?(ctx: PackContext<Options>): void | readonly AnyDescriptor[] | Promise<void | readonly AnyDescriptor[]>;
  deactivate?(ctx: PackContext<Options>): void | Promise<void>;
}

/**
 * A pack registered in code by a host app (`host.register(pack)`): the manifest
 * fields travel with the definition instead of a package.json.
 */
export interface InlinePack<Options = Record<string, JsonValue>> extends PackDefinition<Options> {
  readonly id: string;
  readonly version: string;
  readonly manifest?: Omit<PackManifest, 'manifestVersion'> & { readonly manifestVersion?: 1 };
}

/** The `troupe` field of a pack's package.json. */
export interface PackManifest {
  readonly manifestVersion: 1;
  /** Semver range of the runtime's pack API this pack is built for; must pin a major (`^1.0.0`). */
  readonly engine: string;
  /** Entry module relative to the package root; default: the package's main/exports. */
  readonly entry?: string;
  readonly displayName?: string;
  readonly description?: string;
  /** Other pack ids (package names) and the semver ranges needed. */
  readonly requires?: { readonly [packId: string]: string };
  readonly secrets?: readonly PackSecretDeclaration[];
  /** Ids per kind, for discovery without importing code. */
  readonly provides?: { readonly [kind: string]: readonly string[] };
  /** Guardrail stacks for the pack's own policy tags; the host config overrides them. */
  readonly policies?: { readonly [tag: string]: readonly string[] };
}

export interface PackSecretDeclaration {
  readonly id: string;
  readonly optional?: boolean;
  readonly description?: string;
}
