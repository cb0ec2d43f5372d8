import { describe, expect, it } from 'vitest';
import { ExitCode, type CliIo } from './CliIo.js';
import type { Command } from './Command.js';
import { commands } from './commands/index.js';
import { main } from './main.js';

function capture(): CliIo & { err: () => string } {
  let err = '';
  return { stdout: { write: () => {} }, stderr: { write: (text) => void (err += text) }, cwd: process.cwd(), env: {}, err: () => err };
}

describe('did you mean (unknown commands)', () => {
  it.each([
    ['rnu', 'run'],
    ['stauts', 'status'],
    ['valdate', 'validate'],
    ['int', 'init'],
    ['create', 'create-pack'],
  ])('suggests `troupe %s` → `troupe %s`', async (typed, meant) => {
    const io = capture();
    expect(await main([typed], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain(`E_CLI_USAGE: unknown command "${typed}"; did you mean \`troupe ${meant}\`?`);
  });

  it('suggests nothing when no command is close', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain('unknown command "frobnicate"\n');
  });

  it('works off the command table, so a command added later is suggested too', async () => {
    const generate: Command = { name: 'generate', summary: 'a command another branch adds', options: {}, run: async () => ExitCode.ok };
    const io = capture();
    expect(await main(['generat'], io, [...commands, generate])).toBe(ExitCode.usage);
    expect(io.err()).toContain('did you mean `troupe generate`?');
  });
});
