import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '@troupe/cli';
import { validateHostConfig } from '@troupe/runtime';
import { packManifestSchema } from '@troupe/sdk';
import { builtinSchemas } from '../../packages/runtime/src/config/SchemaChecker.js';
import { REPO_ROOT } from '../e2e/cliProcess.js';
import { extractSnippets, findReadmes, JSON_LANGS, SHELL_LANGS, TEXT_LANGS, TS_LANGS, type Snippet } from './readmeSnippets.js';

// Snippets are written under the repository (ignored by git) so that their
// imports of @troupe/* resolve like a host app's: to the built packages
// (`pnpm test` type-checks, which builds, before vitest runs).
const OUT = join(REPO_ROOT, 'test/docs/.snippets');
const readmes = findReadmes(REPO_ROOT);
const all = readmes.flatMap((readme) => extractSnippets(REPO_ROOT, readme));
const byReadme = new Map(readmes.map((readme) => [readme, all.filter((snippet) => snippet.readme === readme)]));
const folderOf = (readme: string): string => join(OUT, readme.replace(/\/?README\.md$/, '').replaceAll('/', '__') || 'root');
const where = (snippet: Snippet): string => `${snippet.readme}:${snippet.line}`;
const checked = (snippet: Snippet): boolean => snippet.marker?.kind !== 'illustrative';

/** The .ts file each TypeScript snippet is checked as. */
function tsFile(snippet: Snippet): string {
  if (snippet.marker?.kind === 'file') return join(folderOf(snippet.readme), snippet.marker.path);
  return join(folderOf(snippet.readme), `snippet-${snippet.line}.ts`);
}

let diagnostics: Map<string, string[]>;

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  const files: string[] = [];
  for (const snippet of all.filter(checked)) {
    if (snippet.marker?.kind === 'file') {
      const file = join(folderOf(snippet.readme), snippet.marker.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, snippet.code);
    }
    if (TS_LANGS.has(snippet.lang)) {
      const file = tsFile(snippet);
      mkdirSync(dirname(file), { recursive: true });
      // A snippet without imports or exports is still its own module, never a global script.
      writeFileSync(file, /^\s*(import|export)\s/m.test(snippet.code) ? snippet.code : `${snippet.code}\nexport {};\n`);
      files.push(file);
    }
  }
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    esModuleInterop: true,
    resolveJsonModule: true,
  });
  diagnostics = new Map();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(program)';
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const at = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), `line ${at}: ${text}`]);
  }
}, 120_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const scripts = (dir: string): Record<string, string> => {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  } catch {
    return {};
  }
};
const PNPM_BUILTINS = new Set(['install', 'i', 'add', 'remove', 'exec', 'dlx', 'pack', 'publish', 'update', 'create', 'init', 'why', 'list', 'ls']);
const TROUPE_NAMES = new Set([...commands.map((command) => command.name), '--help', '-h', 'help', '--version', '-v']);

/** Problems of one shell snippet: syntax (bash -n), `troupe` commands and pnpm scripts that do not exist. */
function shellProblems(snippet: Snippet): string[] {
  const problems: string[] = [];
  try {
    execFileSync('bash', ['-n'], { input: snippet.code, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (error) {
    problems.push(`bash -n: ${String((error as { stderr?: unknown }).stderr ?? error)}`);
  }
  const known = { ...scripts('.'), ...scripts(dirname(snippet.readme)) };
  const text = snippet.code.replace(/\\\n/g, ' ');
  for (const line of text.split('\n')) {
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const segment of code.split(/&&|\|\||;|\|/)) {
      let words = segment.trim().split(/\s+/).filter(Boolean);
      while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) words = words.slice(1);
      if (words[0] === 'npx') words = words.slice(1).filter((word) => !['-y', '--yes', '--no-install', '--no'].includes(word));
      if (words[0]?.startsWith('pnpm')) {
        words = words.slice(1);
        while (words[0]?.startsWith('-')) words = words.slice(words[0] === '--filter' || words[0] === '-C' ? 2 : 1);
        if (words[0] === 'run') words = words.slice(1);
        const script = words[0];
        if (script !== undefined && !PNPM_BUILTINS.has(script)) {
          if (!(script in known)) problems.push(`\`pnpm ${script}\`: no such script in package.json`);
          else if (script === 'troupe') words = ['troupe', ...words.slice(1)];
        }
      }
      if (words[0] === 'troupe' && words[1] !== undefined && !TROUPE_NAMES.has(words[1])) problems.push(`\`troupe ${words[1]}\`: no such command`);
    }
  }
  return problems;
}

describe('README snippets', () => {
  it('finds the READMEs of the repository and their snippets', () => {
    expect(readmes).toEqual(expect.arrayContaining(['README.md', 'packages/sdk/README.md', 'packages/cli/README.md', 'packages/create-troupe-pack/README.md']));
    expect(all.filter((snippet) => TS_LANGS.has(snippet.lang) && checked(snippet)).length).toBeGreaterThan(5);
  });

  it('every fenced block says what it is (ts, json, sh, or text for output)', () => {
    const unknown = all.filter((snippet) => checked(snippet) && !TS_LANGS.has(snippet.lang) && !JSON_LANGS.has(snippet.lang) && !SHELL_LANGS.has(snippet.lang) && !TEXT_LANGS.has(snippet.lang));
    expect(unknown.map((snippet) => `${where(snippet)} \`\`\`${snippet.lang}`)).toEqual([]);
  });

  describe.each(readmes)('%s', (readme) => {
    const snippets = (byReadme.get(readme) ?? []).filter(checked);

    it('TypeScript snippets type-check against the built packages', () => {
      const problems = snippets.filter((snippet) => TS_LANGS.has(snippet.lang)).flatMap((snippet) => (diagnostics.get(tsFile(snippet)) ?? []).map((text) => `${where(snippet)} ${text}`));
      expect(problems).toEqual([]);
    });

    it('JSON snippets parse; host configs and pack manifests validate', () => {
      const problems: string[] = [];
      for (const snippet of snippets.filter((candidate) => JSON_LANGS.has(candidate.lang))) {
        let value: unknown;
        try {
          value = JSON.parse(snippet.code);
        } catch (error) {
          problems.push(`${where(snippet)} ${(error as Error).message}`);
          continue;
        }
        if (typeof value !== 'object' || value === null) continue;
        if ('troupe' in value) problems.push(...builtinSchemas.check(packManifestSchema, (value as { troupe: unknown }).troupe, 'troupe').map((problem) => `${where(snippet)} ${problem}`));
        else if ('packs' in value) {
          try {
            validateHostConfig(value, where(snippet));
          } catch (error) {
            problems.push((error as Error).message);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('shell snippets parse and name commands and scripts that exist', () => {
      const problems = snippets.filter((snippet) => SHELL_LANGS.has(snippet.lang)).flatMap((snippet) => shellProblems(snippet).map((problem) => `${where(snippet)} ${problem}`));
      expect(problems).toEqual([]);
    });

    const runnable = snippets.filter((snippet) => snippet.marker?.kind === 'run');
    if (runnable.length > 0) {
      it.each(runnable.map((snippet) => [snippet.line, snippet] as const))('runs the example at line %i', async (_line, snippet) => {
        const previous = process.cwd();
        process.chdir(folderOf(snippet.readme));
        try {
          await import(pathToFileURL(tsFile(snippet)).href);
        } finally {
          process.chdir(previous);
        }
      }, 60_000);
    }
  });
});
