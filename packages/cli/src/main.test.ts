import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode, type CliIo } from './CliIo.js';
import type { Command } from './Command.js';
import { main } from './main.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function capture(env: Record<string, string> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    cwd: repo,
    env,
    out: () => out,
    err: () => err,
  };
}

describe('troupe (in process)', () => {
  it('prints usage on stderr and exits 2 without a command', async () => {
    const io = capture();
    expect(await main([], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain('Usage: troupe <command> [options]');
  });

  it.each([
    [['frobnicate'], 'E_CLI_USAGE: unknown command "frobnicate"'],
    [['--frobnicate'], 'E_CLI_USAGE: unknown option --frobnicate'],
    [['packs', '-x'], 'E_CLI_USAGE: troupe packs: unknown option -x'],
    [['packs', '--config'], "E_CLI_USAGE: troupe packs: Option '-c, --config <value>' argument missing"],
    [['validate', 'extra'], 'E_CLI_USAGE: troupe validate: unexpected argument "extra"'],
    [['worker'], 'E_CLI_USAGE: troupe worker needs --queue redis://host:port'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(ExitCode.usage);
    expect(io.err()).toContain(message);
    expect(io.err()).toContain('hint: Run `troupe --help`');
    expect(io.out()).toBe('');
  });

  it('runs validate against the example host config', async () => {
    const io = capture();
    expect(await main(['validate', '-c', 'tooling/demo/troupe.config.json'], io)).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/@troupe\/pack-hello\s+1\.0\.0\s+valid/);
  });

  it('prints an invalid config as E_CONFIG_INVALID with every problem and exits 1', async () => {
    const io = capture();
    expect(await main(['validate', '--config', 'test/fixtures/configs/invalid.troupe.config.json'], io)).toBe(ExitCode.failed);
    expect(io.err()).toMatch(/^E_CONFIG_INVALID: The host configuration .*invalid\.troupe\.config\.json is invalid: /);
    expect(io.err()).toContain('(root): unknown property "colour"');
    expect(io.err()).toContain('/packs/1: must have required property \'use\'');
    expect(io.err()).toContain('/overrides: key "widget:x" must match pattern');
  });

  it('takes new commands from the table it is given, with shared parsing and help', async () => {
    const echo: Command = {
      name: 'echo',
      summary: 'print its argument',
      args: '<text>',
      positionals: { min: 1, max: 1 },
      options: { loud: { type: 'boolean', description: 'upper-case it' } },
      async run({ values, positionals }, io) {
        io.stdout.write(values.loud ? positionals[0]!.toUpperCase() : positionals[0]!);
        return 0;
      },
    };
    const io = capture();
    expect(await main(['echo', 'hi', '--loud'], io, [echo])).toBe(0);
    expect(io.out()).toBe('HI');
    const help = capture();
    await main(['echo', '--help'], help, [echo]);
    expect(help.out()).toContain('Usage: troupe echo <text> [options]');
    expect(help.out()).toContain('--loud      upper-case it');
    const missing = capture();
    expect(await main(['echo'], missing, [echo])).toBe(ExitCode.usage);
    expect(missing.err()).toContain('troupe echo needs <text>');
  });

  it('hides the stack of an unexpected error unless TROUPE_DEBUG=1', async () => {
    const crash: Command = { name: 'crash', summary: 'throws', options: {}, run: () => Promise.reject(new Error('kaput')) };
    const quiet = capture();
    expect(await main(['crash'], quiet, [crash])).toBe(ExitCode.failed);
    expect(quiet.err()).toBe('E_INTERNAL: kaput\n  (set TROUPE_DEBUG=1 for the stack trace)\n');
    const debug = capture({ TROUPE_DEBUG: '1' });
    await main(['crash'], debug, [crash]);
    expect(debug.err()).toMatch(/^E_INTERNAL: kaput\nError: kaput\n\s+at /);
  });
});
