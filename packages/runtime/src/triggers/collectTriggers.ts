import { TroupeError, type HostConfig, type WorkflowDefinition } from '@troupe/sdk';
import { compileTriggers } from './compileTriggers.js';
import { triggerKey, type WorkflowTrigger } from './WorkflowTrigger.js';

export interface CollectedTriggers {
  /** Valid triggers, ready for `TriggerScheduler.start/update`. */
  readonly triggers: readonly WorkflowTrigger[];
  /** One E_TRIGGER_INVALID per trigger left out, for the startup report and the log. */
  readonly problems: readonly TroupeError[];
}

/**
 * Gathers the triggers of the active workflow definitions (each starts its own
 * workflow) and of the host config (each names its workflow), and sorts out
 * the invalid ones, so one bad trigger never keeps the others from running.
 * A config trigger naming a workflow that is not active is invalid.
 */
export function collectTriggers(
  definitions: readonly WorkflowDefinition[],
  configTriggers: HostConfig['triggers'] = [],
  now: number = Date.now(),
): CollectedTriggers {
  const candidates: WorkflowTrigger[] = [];
  const problems: TroupeError[] = [];
  const workflowIds = new Set<string>();
  for (const definition of definitions) {
    workflowIds.add(definition.id);
    for (const trigger of definition.triggers ?? []) candidates.push({ ...trigger, workflowId: definition.id });
  }
  for (const trigger of configTriggers) {
    if (typeof trigger?.workflowId === 'string' && !workflowIds.has(trigger.workflowId)) {
      problems.push(
        new TroupeError('E_TRIGGER_INVALID', {
          triggerId: triggerKey(trigger),
          reason: `no active workflow "${trigger.workflowId}"; install or enable the pack that provides it, or fix workflowId`,
        }),
      );
      continue;
    }
    candidates.push(trigger);
  }
  const { compiled, problems: invalid } = compileTriggers(candidates, now);
  return { triggers: compiled.map((entry) => entry.trigger), problems: [...problems, ...invalid] };
}
