import type { CatchUpPolicy, TriggerDefinition } from '@troupe/sdk';

/** A trigger together with the workflow it starts: how definitions and the host config both end up. */
export type WorkflowTrigger = TriggerDefinition & { readonly workflowId: string };

/** What a trigger does with fires it missed while the host was down. */
export const DEFAULT_CATCH_UP: CatchUpPolicy = 'latest';

/** The key of a trigger's persisted state: `<workflowId>#<triggerId>`. */
export function triggerKey(trigger: { readonly workflowId: string; readonly id: string }): string {
  return `${trigger.workflowId}#${trigger.id}`;
}

/**
 * The run id of one scheduled fire. Deterministic, so a fire that is started
 * twice (a crash between recording it and starting it) is refused by the
 * engine with E_RUN_EXISTS instead of running twice.
 */
export function scheduledRunId(trigger: { readonly workflowId: string; readonly id: string }, fireAt: number): string {
  return `trg:${trigger.workflowId}:${trigger.id}:${fireAt}`;
}

/** The run id of an event delivery that carries its own id, so a redelivered event starts nothing new. */
export function eventRunId(trigger: { readonly workflowId: string; readonly id: string }, eventId: string): string {
  return `evt:${trigger.workflowId}:${trigger.id}:${eventId}`;
}
