/** What the template needs to know; everything else is fixed. */
export interface PackTemplateOptions {
  /** The npm package name, which is also the pack id. */
  readonly name: string;
  /** The version of @troupe/sdk and @troupe/testing to depend on. */
  readonly troupeVersion: string;
  /** The pack API version of that sdk (`PACK_API_VERSION`); the manifest's `engine` pins its major. */
  readonly packApiVersion: string;
}

/** Tool versions the generated pack builds and tests with (both run on Node 20.19). */
const TYPESCRIPT = '~5.9.3';
const VITEST = '^4.1.12';

/** The files of a new pack, path → content. */
export function packTemplate(options: PackTemplateOptions): Readonly<Record<string, string>> {
  const { name, troupeVersion } = options;
  const engine = `^${options.packApiVersion.split('.')[0]}.0.0`;
  const tag = `${name.replace(/^@[^/]+\//, '')}.text-limits`;
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'package.json': json({
      name,
      version: '0.1.0',
      description: 'A Troupe pack: counts the words of a text, under a length guardrail.',
      type: 'module',
      license: 'MIT',
      keywords: ['troupe-pack'],
      engines: { node: '>=20.19' },
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
      files: ['dist', 'README.md'],
      scripts: { build: 'tsc', test: 'vitest run', prepack: 'npm run build' },
      troupe: {
        manifestVersion: 1,
        engine,
        provides: { workflow: ['count-words'], tool: ['word_count'], guardrail: ['max-length'] },
        policies: { [tag]: ['max-length'] },
      },
      peerDependencies: { '@troupe/sdk': `^${troupeVersion}` },
      devDependencies: {
        '@troupe/sdk': `^${troupeVersion}`,
        '@troupe/testing': `^${troupeVersion}`,
        '@types/node': '^20.19.0',
        typescript: TYPESCRIPT,
        vitest: VITEST,
      },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        declaration: true,
        sourceMap: false,
        skipLibCheck: true,
        rootDir: 'src',
        outDir: 'dist',
        types: ['node'],
      },
      include: ['src'],
      exclude: ['src/**/*.test.ts'],
    }),
    '.gitignore': 'node_modules/\ndist/\n.troupe/\n*.tgz\n',
    'src/index.ts': indexTs(tag),
    'src/index.test.ts': indexTestTs(tag),
    'README.md': readme(name),
  };
}

function indexTs(tag: string): string {
  return `import { defineGuardrail, definePack, defineTool, defineWorkflow } from '@troupe/sdk';

export interface WordCountInput {
  readonly text: string;
}

export interface WordCountOutput {
  readonly words: number;
  readonly characters: number;
}

/** \`word_count\`: counts the words and characters of a text. */
export const wordCount = defineTool<WordCountInput, WordCountOutput>({
  id: 'word_count',
  description: 'Counts the words and characters of a text.',
  inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  outputSchema: { type: 'object', required: ['words', 'characters'], properties: { words: { type: 'integer' }, characters: { type: 'integer' } } },
  execute: ({ text }) => ({ words: text.split(/\\s+/).filter(Boolean).length, characters: text.length }),
});

/** Longest text the \`max-length\` guardrail lets through. */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * \`max-length\`: blocks a task whose input \`text\` is longer than MAX_TEXT_LENGTH.
 * package.json binds it to the policy tag \`${tag}\` (\`troupe.policies\`);
 * a host can replace that stack with its own \`policies\` entry.
 */
export const maxLength = defineGuardrail({
  id: 'max-length',
  description: \`Blocks texts longer than \${MAX_TEXT_LENGTH} characters.\`,
  evaluateInput(payload) {
    const text = typeof payload === 'object' && payload !== null ? (payload as { text?: unknown }).text : undefined;
    if (typeof text === 'string' && text.length > MAX_TEXT_LENGTH) {
      return { action: 'block', reasonCode: 'text_too_long', message: \`The text has \${text.length} characters; at most \${MAX_TEXT_LENGTH} are allowed.\` };
    }
    return { action: 'allow' };
  },
});

/**
 * \`count-words\`: one task that binds the run input's \`text\` to the tool's
 * input, under the \`${tag}\` policy; the run output picks two fields.
 */
export const countWords = defineWorkflow({
  id: 'count-words',
  version: '0.1.0',
  description: 'Counts the words of a text.',
  goalSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  tasks: [
    {
      id: 'count',
      executor: { type: 'tool', toolId: 'word_count' },
      input: { text: { from: 'input.text' } },
      policyTags: ['${tag}'],
    },
  ],
  output: { words: { from: 'tasks.count.output.words' }, characters: { from: 'tasks.count.output.characters' } },
});

export default definePack({
  descriptors: [wordCount, maxLength, countWords],
});
`;
}

function indexTestTs(tag: string): string {
  return `import { readFileSync } from 'node:fs';
import { createTestEngine, type TestEngine } from '@troupe/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pack, { MAX_TEXT_LENGTH } from './index.js';

// The policies the host applies by default: the ones this package.json ships.
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  troupe: { policies: Record<string, string[]> };
};

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
});

function engine(): TestEngine {
  t = createTestEngine({ descriptors: pack.descriptors ?? [], policies: manifest.troupe.policies });
  return t;
}

describe('count-words', () => {
  it('counts the words of the input text', async () => {
    const { engine: e } = engine();
    const { runId } = await e.startWorkflow('count-words', { input: { text: 'the quick brown fox' } });
    const state = await e.wait(runId);
    expect(state.status).toBe('completed');
    expect(state.output).toEqual({ words: 4, characters: 19 });
  });

  it('is stopped by the max-length guardrail (policy ${tag}) when the text is too long', async () => {
    const { engine: e } = engine();
    const { runId } = await e.startWorkflow('count-words', { input: { text: 'a'.repeat(MAX_TEXT_LENGTH + 1) } });
    const state = await e.wait(runId);
    expect(state.status).toBe('failed');
    expect(state.tasks.count?.status).toBe('failed');
  });
});
`;
}

function readme(name: string): string {
  return `# ${name}

A Troupe pack: the workflow \`count-words\` binds the
run input's \`text\` to the tool \`word_count\`, under a policy whose guardrail \`max-length\` blocks
texts over 10,000 characters.

| kind | id | what it does |
| --- | --- | --- |
| workflow | \`count-words\` | input \`{ text }\` → output \`{ words, characters }\` |
| tool | \`word_count\` | \`{ text }\` → \`{ words, characters }\` |
| guardrail | \`max-length\` | blocks a task input whose \`text\` is too long |

## Develop

\`\`\`sh
npm install
npm test        # vitest, with @troupe/testing's engine: no host, no store, no network
npm run build   # tsc → dist/
\`\`\`

## Use it in a host

In a host folder (\`npx troupe init\` makes one), install the pack and list it in \`troupe.config.json\`:

\`\`\`sh
npm install ${name}
\`\`\`

\`\`\`json
{ "packs": [{ "use": "${name}" }] }
\`\`\`

\`\`\`sh
npx troupe run count-words --input '{"text":"the quick brown fox"}'
\`\`\`

The manifest is the \`troupe\` field of \`package.json\`: \`engine\` is the range of the Troupe pack
API this pack is built for, \`provides\` lists its ids for discovery, \`policies\` binds its guardrail
to its policy tag. \`@troupe/sdk\` is a peer dependency: the host provides it.
`;
}
