import { TroupeError } from '@troupe/sdk';
import { planFor } from '../engine/planFor.js';
import type { PackRecord } from '../packs/PackRecord.js';
import type { PolicyMap } from '../policy/mergePolicies.js';
import type { ActiveDescriptor, DescriptorRegistry } from '../registry/DescriptorRegistry.js';

/**
 * Compiles every workflow the given packs registered against what is active
 * now (graph, expressions, executor references, policy tags and guardrails)
 * and unregisters each one that does not compile: its E_WORKFLOW_INVALID goes
 * to the pack's errors, the pack stays active with its other descriptors.
 * Repeats until nothing more is removed, since a removed workflow can break a
 * parent that starts it as a sub-workflow. Returns the records that changed.
 */
export function rejectInvalidWorkflows(registry: DescriptorRegistry, records: readonly PackRecord[], policies: PolicyMap): Set<PackRecord> {
  const changed = new Set<PackRecord>();
  for (let removed = true; removed; ) {
    removed = false;
    for (const record of records) {
      for (const entry of registry.entriesOf(record.id)) {
        if (entry.descriptor.kind !== 'workflow') continue;
        const definition = (entry as ActiveDescriptor<'workflow'>).descriptor.payload.definition;
        try {
          // The same policies object the engine gets: the compiled plan is cached for its first run.
          planFor(definition, registry, { policies });
        } catch (error) {
          const failure = error instanceof TroupeError ? error : new TroupeError('E_WORKFLOW_INVALID', { workflowId: entry.descriptor.id, problems: [safeText(error)], codes: [] }, { cause: error });
          registry.unregisterOne(record.id, 'workflow', entry.descriptor.id);
          record.errors.push(failure);
          changed.add(record);
          removed = true;
        }
      }
    }
  }
  return changed;
}

function safeText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'a value that cannot be described';
  }
}
