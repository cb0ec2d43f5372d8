import type { JsonValue } from './json.js';
import type { TriggerDefinition } from './workflow.js';

/** `troupe.config.json`: the host's extension manifest. */
export interface HostConfig {
  readonly $schema?: string;
  readonly packs?: readonly PackEntry[];
  /** Default activation timeout for every pack, in ms. Default 10000. */
  readonly activationTimeoutMs?: number;
  /** Per `kind:id`: disable a descriptor or change its priority, for every kind. */
  readonly overrides?: { readonly [kindAndId: string]: DescriptorOverride };
  readonly secrets?: SecretsConfig;
  /** Policy tag → ordered guardrail ids. */
  readonly policies?: { readonly [tag: string]: readonly string[] };
  /** `"memory"`, `"sqlite:<path>"` (default `sqlite:.troupe/troupe.db`) or `"postgres://…"`. */
  readonly store?: string;
  readonly engine?: EngineConfig;
  readonly server?: ServerConfig;
  readonly retention?: RetentionConfig;
  /** Triggers declared by the host, each naming the workflow it starts. */
  readonly triggers?: readonly (TriggerDefinition & { readonly workflowId: string })[];
  readonly log?: { readonly level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; readonly file?: string };
}

export interface PackEntry {
  /** An npm package name (resolved from the host app's node_modules) or a relative path (`./packs/x`). */
  readonly use: string;
  /** Semver range the installed version must satisfy. */
  readonly version?: string;
  /** Default true. */
  readonly enabled?: boolean;
  /** Added to the priority of every descriptor of the pack. Default 0. */
  readonly priority?: number;
  readonly options?: { readonly [key: string]: JsonValue };
  /** `continue` (default): a failure is contained. `abort`: the host does not start. */
  readonly onFailure?: 'abort' | 'continue';
  readonly activationTimeoutMs?: number;
}

export interface DescriptorOverride {
  readonly enabled?: boolean;
  readonly priority?: number;
}

export interface SecretsConfig {
  /** Resolution order; default `["programmatic", "env", "file"]`. */
  readonly sources?: readonly ('programmatic' | 'env' | 'file')[];
  /** JSON file of `{ "<secret id>": "<value>" }`, relative to the config file. */
  readonly file?: string;
}

export interface EngineConfig {
  /** Runs executing at once on this host; further starts queue. Default 64. */
  readonly maxConcurrentRuns?: number;
  /** Default task timeout when a task sets none, in ms. Default none. */
  readonly defaultTaskTimeoutMs?: number;
  /**
   * Largest task output, run input or answer, in bytes of JSON; a larger one
   * fails its task (or refuses the start / answer) with E_PAYLOAD_TOO_LARGE. Default 1 MiB.
   */
  readonly maxPayloadBytes?: number;
  /** Deepest nesting of such a payload (at most 100). Default 64. */
  readonly maxPayloadDepth?: number;
  /**
   * When a task's dependants may start. `"strict"` (the default): only once the
   * commit recording its ending is durable, so recovery after a crash is
   * exact: no step whose ending was recorded runs again, and none runs on an
   * outcome the crash lost. `"batched"`: at once, while the ending is committed
   * with later steps in one transaction; much faster on a durable store, but a
   * crash loses the steps recorded since the last commit (at most one event
   * loop turn of work), and those run again on recovery, so their tools must
   * be idempotent (they receive the same idempotency key).
   */
  readonly durability?: EngineDurability;
}

/** See EngineConfig.durability. */
export type EngineDurability = 'strict' | 'batched';

export interface ServerConfig {
  readonly host?: string;
  readonly port?: number;
  readonly tokens?: readonly ServerToken[];
  readonly maxFrameBytes?: number;
  /** Open websocket connections in all; more are closed with 4029. Default 1000. */
  readonly maxConnections?: number;
  /** Open websocket connections per token (per principal); more are closed with 4029. Default 100. */
  readonly maxConnectionsPerToken?: number;
  /** Bytes all websocket connections together may hold for slow clients before they are coalesced. Default 32 MiB. */
  readonly maxStreamBufferBytes?: number;
}

export interface ServerToken {
  /** Display name for audit entries. */
  readonly name: string;
  /** `sha256:<hex>` of the token (preferred), or the plain token (hashed at load). */
  readonly hash?: string;
  readonly token?: string;
  /** `drafts:approve`: approve generated workflow drafts (registers them to run). */
  readonly scopes: readonly ('read' | 'start' | 'answer' | 'admin' | 'drafts:approve')[];
  readonly conversationIds?: readonly string[];
}

/**
 * How long ended runs are kept (with their events, tasks, seats and audit).
 * Runs that have not ended are never pruned.
 */
export interface RetentionConfig {
  /** Days a completed run is kept after it ended. Default 30. */
  readonly completedDays?: number;
  /** Days a failed run is kept after it ended. Default 90. */
  readonly failedDays?: number;
  /** Days a cancelled run is kept after it ended. Default 30. */
  readonly cancelledDays?: number;
  /** Audit entries older than this are deleted (entries of pruned runs always go with their run). Default: kept. */
  readonly auditDays?: number;
  /** How often the background prune runs, in minutes. Default 60. */
  readonly pruneIntervalMinutes?: number;
}
