import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '@troupe/runtime';
import { TroupeError } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import type { CommandBody } from '../Command.js';
import { troupeInvocation } from '../troupeInvocation.js';

/** The example pack the new config lists, so the first `troupe run hello` has something to run. */
const SAMPLE_PACK = '@troupe/pack-hello';

/** What `troupe init` writes into troupe.config.json. */
export function initialConfig(): Record<string, unknown> {
  return {
    $schema: './node_modules/@troupe/sdk/schemas/host-config.schema.json',
    packs: [{ use: SAMPLE_PACK, version: '^1.0.0' }],
  };
}

export const initCommand: CommandBody = {
  options: {
    dir: { type: 'string', placeholder: 'DIR', description: 'the host folder (default: the current one; created when missing)' },
  },
  async run(input, io) {
    const dir = resolve(io.cwd, typeof input.values.dir === 'string' ? input.values.dir : '.');
    const configFile = join(dir, DEFAULT_CONFIG_FILE);
    if (existsSync(configFile)) throw new TroupeError('E_INIT_EXISTS', { file: configFile });
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    // A host app is an npm project: its packs and @troupe/cli are its dependencies.
    const packageFile = join(dir, 'package.json');
    if (!existsSync(packageFile)) {
      writeFileSync(packageFile, `${JSON.stringify({ name: packageName(dir), private: true, type: 'module' }, null, 2)}\n`, { flag: 'wx' });
      written.push('package.json');
    }
    writeFileSync(configFile, `${JSON.stringify(initialConfig(), null, 2)}\n`, { flag: 'wx' });
    written.push(DEFAULT_CONFIG_FILE);
    if (ignoreStore(join(dir, '.gitignore'))) written.push('.gitignore');
    const troupe = troupeInvocation(io.cwd);
    io.stdout.write(
      [
        `Created ${written.join(', ')} in ${dir}.`,
        `Runs will be kept in .troupe/troupe.db (the embedded SQLite store; ignored by git).`,
        '',
        'Next:',
        `  npm install @troupe/cli ${SAMPLE_PACK}   # the sample pack the config lists`,
        `  ${troupe} run hello --input '{"name":"Ada"}'`,
        '',
        `Your own pack: \`npm create troupe-pack@latest my-pack\` (or \`${troupe} create-pack my-pack\`), then add`,
        '{ "use": "my-pack" } to "packs" after installing it.',
        '',
      ].join('\n'),
    );
    return ExitCode.ok;
  },
};

/** Adds `.troupe/` to the folder's .gitignore (created when missing); false when it is already ignored. */
function ignoreStore(file: string): boolean {
  if (!existsSync(file)) {
    writeFileSync(file, 'node_modules/\n.troupe/\n');
    return true;
  }
  const text = readFileSync(file, 'utf8');
  if (text.split(/\r?\n/).some((line) => ['.troupe', '.troupe/', '/.troupe', '/.troupe/'].includes(line.trim()))) return false;
  appendFileSync(file, `${text.length > 0 && !text.endsWith('\n') ? '\n' : ''}.troupe/\n`);
  return true;
}

/** A package name from the folder's name, lowercased and stripped of what npm refuses. */
function packageName(dir: string): string {
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '');
  return name.length > 0 ? name : 'troupe-host';
}
