export { MemoryStore } from './store/MemoryStore.js';
// ── extension host ──────────────────────────────────────────────────────────
export { TroupeHost, createHost, type HostOptions, type HostState } from './host/TroupeHost.js';
export { DEFAULT_LEASE_STALE_AFTER_MS, type HostLeaseOptions } from './host/HostLease.js';
export { runDispatchedTask, type DispatchHost } from './host/runDispatchedTask.js';
export type { HostEvents, ReloadEvent, PackStatusEvent } from './host/HostEvents.js';
export type { ValidationReport, PackValidation } from './host/reports.js';
export { suggestName } from './registry/suggestName.js';
export { DEFAULT_STORE, describeStoreSpec, effectiveStore, openConfiguredStore, type OpenStoreOptions } from './host/openConfiguredStore.js';
export { loadHostConfig, validateHostConfig, DEFAULT_CONFIG_FILE, type LoadedHostConfig } from './config/loadHostConfig.js';
export { Services } from './di/Services.js';
export { serviceToken, provide, type ServiceToken, type ServiceBinding } from './di/ServiceToken.js';
export { HostSecrets, type HostSecretsOptions, type SecretSource } from './secrets/HostSecrets.js';
export { secretEnvName } from './secrets/secretEnvName.js';
export type { SecretResolver } from './secrets/SecretResolver.js';
export { createRootLogger, type LogLevel, type RootLoggerOptions } from './logging/createRootLogger.js';
export { DescriptorRegistry, type ActiveDescriptor, type DescriptorLookup, type RegistryChange } from './registry/DescriptorRegistry.js';
export { resolveRoles, type ResolvedRole } from './roles/resolveRoles.js';
export type { InlinePackSettings } from './packs/planPacks.js';
// ── workflow engine ─────────────────────────────────────────────────────────
export { WorkflowEngine } from './engine/WorkflowEngine.js';
export type { EngineHealth, RunsApi, RunListener, RunUpdate, StartWorkflowOptions } from './engine/RunsApi.js';
export type { EngineDependencies } from './engine/EngineDependencies.js';
export { systemClock, type Clock } from './engine/Clock.js';
export { compileWorkflow, type CompileOptions } from './engine/compileWorkflow.js';
export type { CompiledWorkflow } from './engine/CompiledWorkflow.js';
export { WorkflowInvalidError } from './engine/WorkflowInvalidError.js';
export { foldRunEvents } from './engine/foldRunEvents.js';
export { hashDefinition } from './engine/hashDefinition.js';
export { taskInputOf } from './engine/taskInputOf.js';
// ── policy and guardrails ───────────────────────────────────────────────────
export type { PolicyEnforcer, PolicyCheck, PolicyVerdict, PolicyDecisionRecord, ChunkCheck, ChunkVerdict } from './policy/PolicyEnforcer.js';
export type { StackedGuardrail } from './policy/resolveGuardrailStack.js';
export { mergePolicies, type PolicyMap } from './policy/mergePolicies.js';
// ── expressions ─────────────────────────────────────────────────────────────
export { compileExpression, type CompiledExpression, type ExpressionScope } from './expressions/compileExpression.js';
// ── triggers and retention ──────────────────────────────────────────────────
export { TriggerScheduler, type TriggerSchedulerOptions, type EmitOptions, type EventFire, type TriggerStatus } from './triggers/TriggerScheduler.js';
export { collectTriggers, type CollectedTriggers } from './triggers/collectTriggers.js';
export { triggerKey, type WorkflowTrigger } from './triggers/WorkflowTrigger.js';
export { RetentionPruner, type RetentionPrunerOptions } from './retention/RetentionPruner.js';
export { DEFAULT_RETENTION } from './retention/prunePolicyFor.js';
// Defined in the sdk (packs compile schemas with it too); re-exported so this API stays.
export { createSchemaAjv, schemaDialect, SCHEMA_AJV_OPTIONS, type SchemaAjv, type SchemaDialect } from '@troupe/sdk';
export {
  approveDraft,
  approvedDraftPacks,
  DEFAULT_REPAIR_ROUNDS,
  draftPackOf,
  generateDraft,
  GENERATED_VERSION,
  generatorPack,
  MAX_REPAIR_ROUNDS,
  type GeneratorOptions,
} from './drafts/generateDraft.js';
export { generatedWorkflowId, newDraftId } from './drafts/draftId.js';
export { GENERATE_WORKFLOW_ID, type ProposalCheck } from './drafts/generationWorkflow.js';
export { hostCatalog, type HostCatalog } from './drafts/hostCatalog.js';
export { WorkflowDrafts, type WorkflowDraft } from './drafts/WorkflowDrafts.js';
