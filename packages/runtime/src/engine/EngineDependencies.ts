import type { EngineConfig, Logger, TaskDispatcher, WorkflowStore } from '@troupe/sdk';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import type { Clock } from './Clock.js';
import type { PolicyEnforcer } from '../policy/PolicyEnforcer.js';
import type { SchemaValidators } from './SchemaValidators.js';

/** Everything the workflow engine takes from its host. */
export interface EngineDependencies {
  readonly descriptors: DescriptorLookup;
  readonly secrets: SecretResolver;
  readonly store: WorkflowStore;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly config?: EngineConfig;
  /**
   * Policy tag → guardrail ids: `mergePolicies(packManifestDefaults, hostConfig.policies)`.
   * Every tag of a workflow must have a stack of active guardrails, else the
   * definition does not compile (E_POLICY_UNKNOWN, E_GUARDRAIL_NOT_FOUND).
   * Default: none, so any tagged workflow is refused.
   */
  readonly policies?: Readonly<Record<string, readonly string[]>>;
  /**
   * Replaces the built-in guardrail enforcement (the `guardrail` descriptors
   * named by `policies`). Without `policies`, tags are then not checked at
   * compile time: the enforcer alone decides what they mean.
   */
  readonly policy?: PolicyEnforcer;
  /** Numbers in [0, 1) for retry jitter; default Math.random. */
  readonly random?: () => number;
  /** Compiled-schema cache; default: the process-wide one. */
  readonly validators?: SchemaValidators;
  /** Ids for runs started without one; default a time-ordered UUID (version 7, RFC 9562). */
  readonly newRunId?: () => string;
  /** Runs tool and code task attempts in other processes (scale-out); default: in this one. */
  readonly dispatcher?: TaskDispatcher;
}
