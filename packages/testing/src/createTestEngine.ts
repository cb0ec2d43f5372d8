import type { AnyDescriptor, AuditEntry, Descriptor, EngineConfig, RunEvent, WorkflowStore } from '@troupe/sdk';
import {
  DescriptorRegistry,
  HostSecrets,
  MemoryStore,
  WorkflowEngine,
  type Clock,
  type EngineDependencies,
  type PolicyEnforcer,
  type PolicyMap,
  type RunUpdate,
  type SecretResolver,
} from '@troupe/runtime';
import { FakeClock } from './FakeClock.js';
import { RecordingLogger } from './RecordingLogger.js';

export interface TestEngineOptions {
  /** Registered as one pack (`packId`@`packVersion`) before the engine starts. */
  readonly descriptors?: readonly (AnyDescriptor | Descriptor)[];
  readonly packId?: string;
  readonly packVersion?: string;
  /** Secret id → value (nothing comes from the environment). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Default: a new MemoryStore. */
  readonly store?: WorkflowStore;
  /** Default: a new FakeClock; pass `systemClock` for real time. */
  readonly clock?: Clock;
  readonly config?: EngineConfig;
  readonly policy?: PolicyEnforcer;
  /**
   * Policy tag → guardrail ids (e.g. `mergePolicies([packDefaults], hostPolicies)`).
   * Without it and without `policy`, a policy tag is refused with E_POLICY_UNKNOWN.
   */
  readonly policies?: PolicyMap;
  /** Jitter source; default `() => 0.5` so backoff delays are predictable. */
  readonly random?: () => number;
  /** Default: a DescriptorRegistry of its own. */
  readonly registry?: DescriptorRegistry;
}

export interface TestEngine {
  readonly engine: WorkflowEngine;
  readonly registry: DescriptorRegistry;
  readonly store: WorkflowStore;
  /** The engine's clock: a FakeClock unless another was given. */
  readonly clock: FakeClock;
  readonly secrets: SecretResolver;
  readonly logger: RecordingLogger;
  /** Every update the engine announced, in order. */
  readonly updates: readonly RunUpdate[];
  /** Registers more descriptors as a pack. */
  register(descriptors: readonly (AnyDescriptor | Descriptor)[], packId?: string, packVersion?: string): void;
  /** The stored event log of a run. */
  events(runId: string): Promise<readonly RunEvent[]>;
  /** The stored audit entries (of one run, if given). */
  audit(runId?: string): Promise<readonly AuditEntry[]>;
  close(): Promise<void>;
}

/**
 * A workflow engine over an in-memory registry, store and secrets, with a
 * fake clock: what the engine's own tests use, and what pack authors use to
 * run their workflows in theirs.
 */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  const registry = options.registry ?? new DescriptorRegistry();
  const store = options.store ?? new MemoryStore();
  const clock = options.clock ?? new FakeClock();
  const logger = new RecordingLogger();
  const secrets = new HostSecrets({ values: options.secrets ?? {}, env: {} });
  const packId = options.packId ?? 'test-pack';
  const packVersion = options.packVersion ?? '1.0.0';
  if (options.descriptors?.length) registry.register(packId, packVersion, options.descriptors as readonly Descriptor[]);
  const deps: EngineDependencies = {
    descriptors: registry,
    secrets,
    store,
    logger,
    clock,
    random: options.random ?? (() => 0.5),
    ...(options.config ? { config: options.config } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.policies ? { policies: options.policies } : {}),
  };
  const engine = new WorkflowEngine(deps);
  const updates: RunUpdate[] = [];
  engine.subscribe((update) => updates.push(update));
  return {
    engine,
    registry,
    store,
    clock: clock as FakeClock,
    secrets,
    logger,
    updates,
    register(descriptors, id = packId, version = packVersion) {
      registry.register(id, version, descriptors as readonly Descriptor[]);
    },
    events: (runId) => store.readEvents(runId),
    audit: (runId) => store.listAudit(runId === undefined ? {} : { runId }),
    close: () => engine.close(),
  };
}
