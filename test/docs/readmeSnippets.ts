import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A fenced block of a README. The marker is an HTML comment on the last
 * non-blank line before the fence (invisible on rendered pages):
 *
 * - `<!-- snippet: illustrative -->`: shown only, never checked (a fragment, pseudo-code);
 * - `<!-- snippet: file PATH -->`: also written as PATH into the folder the README's
 *   runnable snippets run in (a config, a pack module they import);
 * - `<!-- snippet: run -->` (TypeScript): type-checked, then executed in that folder;
 *   it throws (e.g. with node:assert) when the example does not do what the text says.
 *
 * Every other `ts`, `json` and `sh` block is checked: TypeScript type-checks,
 * JSON parses (and a host config validates), shell parses and names
 * `troupe` commands and `pnpm` scripts that exist.
 */
export interface Snippet {
  /** README path relative to the repository. */
  readonly readme: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  readonly marker: { readonly kind: 'illustrative' | 'run' } | { readonly kind: 'file'; readonly path: string } | undefined;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage', '.snippets', '.troupe']);

/** Every README.md of the repository, found at test time (new packages and sections are picked up as they land). */
export function findReadmes(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !(dir === join(root, 'test') && entry.name === 'fixtures')) walk(join(dir, entry.name));
      } else if (entry.name === 'README.md') {
        found.push(relative(root, join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return found.sort();
}

const MARKER = /^<!--\s*snippet:\s*(illustrative|run|file\s+(\S+))\s*-->$/;

/** The fenced blocks of one README, with their markers; throws on a marker it does not know. */
export function extractSnippets(root: string, readme: string): Snippet[] {
  const lines = readFileSync(join(root, readme), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index]!);
    if (!open) continue;
    const [, indent, fence, lang] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length && !lines[end]!.trim().startsWith(fence); end += 1) body.push(lines[end]!.slice(indent.length));
    let before = index - 1;
    while (before >= 0 && lines[before]!.trim() === '') before -= 1;
    const comment = before >= 0 ? lines[before]!.trim() : '';
    let marker: Snippet['marker'];
    if (comment.startsWith('<!--') && /snippet:/.test(comment)) {
      const match = MARKER.exec(comment);
      if (!match) throw new Error(`${readme}:${before + 1}: unknown snippet marker ${comment}; use <!-- snippet: illustrative|run|file PATH -->`);
      marker = match[2] !== undefined ? { kind: 'file', path: match[2] } : { kind: match[1] as 'illustrative' | 'run' };
    }
    snippets.push({ readme, line: index + 1, lang: lang.toLowerCase(), code: body.join('\n'), marker });
    index = end;
  }
  return snippets;
}

export const TS_LANGS = new Set(['ts', 'typescript']);
export const JSON_LANGS = new Set(['json']);
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);
/** Blocks that are output or prose, never code: shown as they are. */
export const TEXT_LANGS = new Set(['text', 'txt', 'console', 'diff', 'mermaid']);
