import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineTool, defineWorkflow } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import { runCli } from '../e2e/cliProcess.js';

/** A chain of errors says each thing once: no "Task x failed: Task x failed: …", no "ENOENT: ENOENT: …". */
const dir = mkdtempSync(join(tmpdir(), 'troupe-chains-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('message chains say a thing once', () => {
  it('a tool that throws a plain Error fails the run with "Task x failed: <message>", once', async () => {
    const t = createTestEngine({
      descriptors: [
        defineTool({
          id: 'charge',
          execute: () => {
            throw new Error('card declined');
          },
        }),
        defineWorkflow({ id: 'pay', version: '1.0.0', tasks: [{ id: 'pay', executor: { type: 'tool', toolId: 'charge' } }] }),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('pay')).runId);
    expect(done.tasks.pay!.error!.message).toBe('Task pay failed: card declined');
    expect(done.error!.message).toBe('Task pay failed: card declined');
  });

  it('a coded tool error is the cause of the run error, not repeated in its message twice', async () => {
    const t = createTestEngine({
      descriptors: [
        defineTool({
          id: 'charge',
          execute: () => {
            throw Object.assign(new Error('card declined'), { code: 'E_CARD' });
          },
        }),
        defineWorkflow({ id: 'pay', version: '1.0.0', tasks: [{ id: 'pay', executor: { type: 'tool', toolId: 'charge' } }] }),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('pay')).runId);
    expect(done.error).toMatchObject({ code: 'E_TASK_FAILED', message: 'Task pay failed: card declined', cause: { code: 'E_CARD', message: 'card declined' } });
  });

  it('the CLI does not say ENOENT twice for a missing config file', async () => {
    const result = await runCli(['validate', '--config', join(dir, 'nope.json')], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('E_CONFIG_NOT_FOUND');
    expect(result.stderr).toContain('cause: ENOENT');
    expect(result.stderr).not.toMatch(/ENOENT: ENOENT/);
  });
});
