import { hostConfigSchema } from './hostConfig.js';
import { packManifestSchema } from './packManifest.js';
import { workflowDefinitionSchema } from './workflowDefinition.js';

/** The schemas published as JSON files in the package's `schemas/` folder. */
export const schemaFiles = {
  'pack-manifest.schema.json': packManifestSchema,
  'host-config.schema.json': hostConfigSchema,
  'workflow-definition.schema.json': workflowDefinitionSchema,
} as const;
