import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cliProcess.js';

/** A local pack with human tasks: `review` (tool → approval → tool) and `form` (an input task with a schema). */
const REVIEW_PACK = `export default {
  descriptors: [
    { kind: 'tool', id: 'draft', payload: { execute: (input) => ({ text: 'draft about ' + (input.input?.topic ?? 'nothing') }) } },
    { kind: 'tool', id: 'publish', payload: { execute: (input) => ({ published: true, upstream: Object.keys(input.upstream) }) } },
    { kind: 'workflow', id: 'review', payload: { definition: {
      id: 'review', version: '1.0.0',
      tasks: [
        { id: 'draft', executor: { type: 'tool', toolId: 'draft' } },
        { id: 'approve', dependsOn: ['draft'], executor: { type: 'human', mode: 'approval', prompt: 'Publish the draft?' } },
        { id: 'publish', dependsOn: ['approve'], executor: { type: 'tool', toolId: 'publish' } },
      ],
    } } },
    { kind: 'workflow', id: 'form', payload: { definition: {
      id: 'form', version: '1.0.0',
      tasks: [{ id: 'ask', executor: { type: 'human', mode: 'input', prompt: 'How many?' }, inputSchema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } }],
      output: { from: 'tasks.ask.output.n' },
    } } },
  ],
};
`;

/**
 * A project folder as a user would have it: `troupe.config.json` loading the
 * example pack from this repository and a local pack (`./review-pack`), no
 * `store` (so the embedded SQLite default, `.troupe/troupe.db`). Returns its path.
 */
export function createScratchApp(config: Record<string, unknown> = {}): string {
  const app = mkdtempSync(join(tmpdir(), 'troupe-cli-app-'));
  const pack = join(app, 'review-pack');
  mkdirSync(pack);
  writeFileSync(join(pack, 'package.json'), JSON.stringify({ name: '@fixtures/review', version: '1.0.0', type: 'module', main: 'index.js', troupe: { manifestVersion: 1, engine: '^1.0.0' } }));
  writeFileSync(join(pack, 'index.js'), REVIEW_PACK);
  writeFileSync(join(app, 'troupe.config.json'), JSON.stringify({ packs: [{ use: join(REPO_ROOT, 'packs/hello') }, { use: './review-pack' }], log: { level: 'warn' }, ...config }));
  return app;
}
