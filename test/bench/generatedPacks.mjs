// Local packs for the start-up benchmarks, written to a folder: each one a
// package.json with a `troupe` manifest (provides, a policy tag) and an
// index.js whose definePack-shaped default export has an options schema
// (with defaults; a different schema in each pack, as in real packs), three tools with input and output schemas, a provider, a
// persona, a guardrail and two workflows (a tool chain under the policy tag,
// and a seat task). Plain objects, so the folder needs no node_modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `count` packs under `dir`; returns their folders. */
export function writeGeneratedPacks(dir, count) {
  return Array.from({ length: count }, (_, i) => writePack(dir, `bench-pack-${String(i).padStart(3, '0')}`));
}

function writePack(dir, name) {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const tag = `${name}.checked`;
  const manifest = {
    manifestVersion: 1,
    engine: '^1.0.0',
    displayName: name,
    provides: { tool: ['upper', 'lower', 'count'].map((t) => `${name}.${t}`), workflow: [`${name}.chain`, `${name}.seat`], persona: [`${name}.writer`], provider: [`${name}.echo`], guardrail: [`${name}.guard`] },
    policies: { [tag]: [`${name}.guard`] },
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', troupe: manifest }, null, 2));
  writeFileSync(join(folder, 'index.js'), packSource(name, tag));
  return folder;
}

function packSource(name, tag) {
  return `const id = ${JSON.stringify(name)};
const text = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 10000 } }, additionalProperties: false };
const tool = (suffix, execute) => ({ kind: 'tool', id: \`\${id}.\${suffix}\`, payload: { description: suffix, inputSchema: text, outputSchema: { type: 'object', properties: { text: { type: 'string' }, count: { type: 'integer', minimum: 0 } } }, execute } });
export default {
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      greeting: { type: 'string', default: \`hello from \${id}\` },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      mode: { enum: ['fast', 'careful'], default: 'fast' },
      endpoint: { type: 'string', format: 'uri', default: 'https://example.com/api' },
    },
  },
  descriptors: [
    tool('upper', ({ text }) => ({ text: text.toUpperCase() })),
    tool('lower', ({ text }) => ({ text: text.toLowerCase() })),
    tool('count', ({ text }) => ({ count: text.length })),
    { kind: 'provider', id: \`\${id}.echo\`, payload: { generate: async (request) => ({ text: String(request.messages.at(-1)?.content ?? '') }) } },
    { kind: 'persona', id: \`\${id}.writer\`, payload: { instructions: 'Write briefly.', providerId: \`\${id}.echo\`, capabilities: ['writing'] } },
    { kind: 'guardrail', id: \`\${id}.guard\`, payload: { evaluateInput: () => ({ action: 'allow' }), evaluateOutput: () => ({ action: 'allow' }) } },
    {
      kind: 'workflow',
      id: \`\${id}.chain\`,
      payload: {
        definition: {
          id: \`\${id}.chain\`,
          version: '1.0.0',
          goalSchema: { type: 'object', properties: { text: { type: 'string' } } },
          tasks: [
            { id: 'upper', executor: { type: 'tool', toolId: \`\${id}.upper\` }, input: { text: { from: 'input.text || "x"' } }, policyTags: [${JSON.stringify(tag)}] },
            { id: 'lower', dependsOn: ['upper'], executor: { type: 'tool', toolId: \`\${id}.lower\` }, input: { text: { from: 'tasks.upper.output.text' } } },
            { id: 'count', dependsOn: ['lower'], executor: { type: 'tool', toolId: \`\${id}.count\` }, input: { text: { from: 'tasks.lower.output.text' } }, retry: { maxAttempts: 2 } },
          ],
          output: { count: { from: 'tasks.count.output.count' } },
        },
      },
    },
    {
      kind: 'workflow',
      id: \`\${id}.seat\`,
      payload: {
        definition: {
          id: \`\${id}.seat\`,
          version: '1.0.0',
          roles: [{ roleId: 'writer', personaId: \`\${id}.writer\` }],
          tasks: [
            { id: 'draft', executor: { type: 'gmi', roleId: 'writer', instructions: 'Write one line.' } },
            { id: 'measure', dependsOn: ['draft'], executor: { type: 'tool', toolId: \`\${id}.count\` }, input: { text: { from: 'tasks.draft.output' } } },
          ],
        },
      },
    },
  ],
  activate() {},
};
`;
}
