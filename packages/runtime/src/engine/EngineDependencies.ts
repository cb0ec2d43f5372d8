import type { EngineConfig, Logger, WorkflowStore } from '@troupe/sdk';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import type { Clock } from './Clock.js';
import type { PolicyEnforcer } from './PolicyEnforcer.js';
import type { SchemaValidators } from './SchemaValidators.js';

/** Everything the workflow engine takes from its host. */
export interface EngineDependencies {
  readonly descriptors: DescriptorLookup;
  readonly secrets: SecretResolver;
  readonly store: WorkflowStore;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly config?: EngineConfig;
  /** Policy tag → guardrail ids (host config merged over pack defaults). */
  readonly policies?: Readonly<Record<string, readonly string[]>>;
  /** Guardrail enforcement around executor calls; default: allow everything. */
  readonly policy?: PolicyEnforcer;
  /** Numbers in [0, 1) for retry jitter; default Math.random. */
  readonly random?: () => number;
  /** Compiled-schema cache; default: the process-wide one. */
  readonly validators?: SchemaValidators;
  /** Ids for runs started without one; default crypto.randomUUID. */
  readonly newRunId?: () => string;
}
