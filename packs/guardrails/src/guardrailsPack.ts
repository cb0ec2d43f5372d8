import { definePack } from '@troupe/sdk';
import { createGuardrails } from './createGuardrails.js';
import { guardrailPackOptionsSchema, type GuardrailPackOptions } from './packOptions.js';

/** The pack: its guardrails are built from the entry's validated `options` at activation. */
export const guardrailsPack = definePack<GuardrailPackOptions>({
  optionsSchema: guardrailPackOptionsSchema,
  activate(ctx) {
    return createGuardrails(ctx.options, ctx.packId);
  },
});
