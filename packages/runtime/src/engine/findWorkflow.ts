import satisfies from 'semver/functions/satisfies.js';
import { TroupeError } from '@troupe/sdk';
import type { ActiveDescriptor, DescriptorLookup } from '../registry/DescriptorRegistry.js';
import { suggestName } from '../registry/suggestName.js';

/** The active workflow descriptor of an id whose version satisfies the range; else E_WORKFLOW_NOT_FOUND. */
export function findWorkflow(lookup: DescriptorLookup, definitionId: string, versionRange: string | undefined): ActiveDescriptor<'workflow'> {
  const workflow = lookup.get('workflow', definitionId);
  const version = workflow?.descriptor.payload.definition.version;
  if (!workflow || (versionRange !== undefined && !(version !== undefined && satisfies(version, versionRange, { includePrerelease: true })))) {
    throw new TroupeError('E_WORKFLOW_NOT_FOUND', {
      workflowId: definitionId,
      range: versionRange === undefined ? '' : ` matching "${versionRange}"${workflow ? ` (active: ${version})` : ''}`,
      suggestion: didYouMean(workflow ? undefined : suggestName(definitionId, lookup.list('workflow').map((active) => active.descriptor.id))),
    });
  }
  return workflow;
}

function didYouMean(name: string | undefined): string {
  return name === undefined ? '' : `; did you mean "${name}"?`;
}
