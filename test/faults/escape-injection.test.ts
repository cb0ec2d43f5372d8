import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '@troupe/cli';
import { createHost } from '@troupe/runtime';
import { defineInlinePack, defineTool, defineWorkflow } from '@troupe/sdk';

/**
 * Strings a pack or a user controls reach the terminal through the CLI: run
 * and task ids, outputs, error messages, ids typed on the command line. Before,
 * they were written raw: a tool could set the terminal title, clear the screen
 * or hide lines with escape sequences, and `troupe status <id>` echoed a typed
 * id (or a secret pasted by mistake) back verbatim. Now every control character
 * is shown escaped, secret values are redacted from every message, and run ids
 * are limited to a safe alphabet when a run is created.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\u001b';
const nasty = `${ESC}]0;pwned\u0007${ESC}[2J\rhidden\u009b31m\u202eevil`;
/** Any character a terminal would act on, except newline and tab. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SECRET = 'sk-live-0123456789abcdef';

const folder = join(dir, 'nasty');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: '@escape/nasty', version: '1.0.0', type: 'module', main: 'index.js', troupe: { manifestVersion: 1, engine: '^1.0.0' } }));
writeFileSync(
  join(folder, 'index.js'),
  `const nasty = ${JSON.stringify(nasty)};
export default {
  descriptors: [
    { kind: 'tool', id: 'say', payload: { execute: () => ({ text: nasty }) } },
    { kind: 'tool', id: 'boom', payload: { execute: () => { throw new Error('failed ' + nasty); } } },
    { kind: 'workflow', id: 'talk', payload: { definition: { id: 'talk', version: '1.0.0', tasks: [{ id: 'say', executor: { type: 'tool', toolId: 'say' } }] } } },
    { kind: 'workflow', id: 'crash', payload: { definition: { id: 'crash', version: '1.0.0', tasks: [{ id: 'boom', executor: { type: 'tool', toolId: 'boom' } }] } } },
  ],
};
`,
);
const config = join(dir, 'troupe.config.json');
writeFileSync(config, JSON.stringify({ packs: [{ use: './nasty' }] }));

function capture(env: Record<string, string> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (text) => void (out += text) }, stderr: { write: (text) => void (err += text) }, cwd: dir, env, out: () => out, err: () => err };
}

function expectNoRawControls(io: { out: () => string; err: () => string }): void {
  expect(io.out()).not.toMatch(RAW_CONTROL);
  expect(io.err()).not.toMatch(RAW_CONTROL);
}

describe('the CLI never writes terminal control characters it did not make', () => {
  it('escapes a tool output in troupe run, troupe status and troupe events', async () => {
    const run = capture();
    expect(await main(['run', 'talk', '--config', config], run)).toBe(0);
    expectNoRawControls(run);
    expect(run.out()).toContain('\\u001b]0;pwned\\u0007');
    const runId = /run ([0-9a-f-]{36})/.exec(run.out())![1]!;

    const json = capture();
    expect(await main(['run', 'talk', '--json', '--config', config], json)).toBe(0);
    expectNoRawControls(json);
    // Escaped as \uXXXX the JSON still parses back to the very same output.
    expect(JSON.parse(json.out())).toMatchObject({ status: 'completed', output: { say: { text: nasty } } });

    for (const argv of [['status', runId], ['status', runId, '--json'], ['events', runId], ['runs']]) {
      const io = capture();
      expect(await main([...argv, '--config', config], io), argv.join(' ')).toBe(0);
      expectNoRawControls(io);
    }
  });

  it('escapes a failing tool error message', async () => {
    const io = capture();
    expect(await main(['run', 'crash', '--config', config], io)).toBe(1);
    expectNoRawControls(io);
    expect(io.out() + io.err()).toContain('failed \\u001b]0;pwned');
  });

  it('escapes an id typed on the command line in E_RUN_NOT_FOUND / E_WORKFLOW_NOT_FOUND', async () => {
    const status = capture();
    expect(await main(['status', `x${ESC}[31mred`, '--config', config], status)).toBe(1);
    expectNoRawControls(status);
    expect(status.err()).toContain('E_RUN_NOT_FOUND: No run with id x\\u001b[31mred');
    const run = capture();
    expect(await main(['run', `w${ESC}[2J`, '--config', config], run)).toBe(1);
    expectNoRawControls(run);
    expect(run.err()).toContain('E_WORKFLOW_NOT_FOUND: No active workflow "w\\u001b[2J"');
  });
});

describe('secret values typed by a user are scrubbed from every CLI message', () => {
  const env = { TROUPE_SECRET_API_KEY: SECRET };

  it.each([[['run', SECRET]], [['status', SECRET]], [['events', SECRET]], [['run', 'talk', '--version', SECRET]]])('troupe %j with a pasted secret', async (argv) => {
    const io = capture(env);
    expect(await main([...argv, '--config', config], io)).not.toBe(0);
    expect(io.out() + io.err()).not.toContain(SECRET);
    expect(io.err()).toContain('[REDACTED]');
  });

  it('a value of the secrets file is scrubbed too', async () => {
    const fileConfig = join(dir, 'with-file.config.json');
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ api_key: 'file-secret-value-42' }));
    writeFileSync(fileConfig, JSON.stringify({ packs: [{ use: './nasty' }], secrets: { file: 'secrets.json' } }));
    const io = capture();
    expect(await main(['status', 'file-secret-value-42', '--config', fileConfig], io)).toBe(1);
    expect(io.err()).toContain('E_RUN_NOT_FOUND: No run with id [REDACTED]');
  });
});

describe('run ids use a documented safe alphabet', () => {
  it('refuses a caller-chosen run id with control characters, spaces or quotes (E_RUN_ID_INVALID), before anything is stored', async () => {
    const host = createHost({ logLevel: 'silent' }).register(
      defineInlinePack({ id: 'ids', version: '1.0.0', descriptors: [defineTool({ id: 'echo', execute: (input: unknown) => input }), defineWorkflow({ id: 'w', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'echo' } }] })] }),
    );
    await host.start();
    try {
      for (const runId of [`a${ESC}[2J`, 'has space', '"quoted"', '-starts-with-dash', '', 'x'.repeat(201), 'ünïcode']) {
        await expect(host.engine.startWorkflow('w', { runId }), JSON.stringify(runId)).rejects.toMatchObject({ code: 'E_RUN_ID_INVALID' });
      }
      expect((await host.engine.listRuns()).runs).toHaveLength(0);
      const ok = await host.engine.startWorkflow('w', { runId: 'order-42:retry/1@eu+x=y.z_' });
      expect((await host.engine.wait(ok.runId)).status).toBe('completed');
    } finally {
      await host.stop();
    }
  });
});
