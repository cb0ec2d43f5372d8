import { definePack, definePersona, type AnyDescriptor } from '@troupe/sdk';
import { createOpenAICompatibleProvider } from './createOpenAICompatibleProvider.js';
import { optionsSchema, type OpenAICompatibleOptions } from './options.js';

export { createOpenAICompatibleProvider, API_KEY_SECRET, PROVIDER_ID, type ProviderOverrides } from './createOpenAICompatibleProvider.js';
export { optionsSchema, type ModelPrice, type OpenAICompatibleOptions } from './options.js';
export type { HttpDeps } from './requestCompletion.js';

/** A general-purpose seat on the configured endpoint; assign it to a role or copy it with your own instructions. */
export const assistant = definePersona({
  id: 'openai-assistant',
  displayName: 'Assistant (OpenAI-compatible endpoint)',
  instructions: 'You are a precise, helpful assistant. Answer briefly; use the tools you are given when they help.',
  providerId: 'openai-compatible',
  capabilities: ['chat', 'tools'],
});

/**
 * The provider is built from the pack's options (`baseUrl` at least), so it
 * is returned by activate rather than declared statically.
 */
export default definePack<OpenAICompatibleOptions>({
  optionsSchema,
  activate(ctx): AnyDescriptor[] {
    ctx.logger.info({ baseUrl: ctx.options.baseUrl, model: ctx.options.model }, 'openai-compatible provider ready');
    return [createOpenAICompatibleProvider(ctx.options), assistant];
  },
});
