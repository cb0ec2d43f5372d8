import type { ErrorObject } from 'ajv';
import { validateHostConfig, validatePackManifest, validateWorkflowDefinition } from './builtinValidators.generated.js';
import { BUILTIN_SCHEMAS } from './renderBuiltinValidators.js';

/** A compiled ajv validator, as far as Troupe uses one: call it, then read its errors. */
export type Validate = ((value: unknown) => boolean) & { errors?: readonly ErrorObject[] | null };

/**
 * The validators of the sdk's host-config, pack-manifest and
 * workflow-definition schemas, compiled at build time (see
 * renderBuiltinValidators), by schema object: the same errors as compiling
 * them with createSchemaAjv, without ajv's compile at every start.
 */
export const builtinValidators: ReadonlyMap<object, Validate> = new Map<object, Validate>([
  [BUILTIN_SCHEMAS.validateHostConfig, validateHostConfig as Validate],
  [BUILTIN_SCHEMAS.validatePackManifest, validatePackManifest as Validate],
  [BUILTIN_SCHEMAS.validateWorkflowDefinition, validateWorkflowDefinition as Validate],
]);
