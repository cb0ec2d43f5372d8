import type { EngineConfig, Logger, WorkflowStore } from '@troupe/sdk';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import type { Clock } from './Clock.js';

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
}
