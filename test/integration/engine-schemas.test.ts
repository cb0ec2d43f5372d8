import { defineTool } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { refusal, toolTask, workflow } from './engineFixtures.js';

const greet = defineTool({
  id: 'greet',
  inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
  outputSchema: { type: 'object', required: ['greeting'] },
  execute: (input) => {
    const { name } = input as { name: string };
    return name === 'bad' ? { oops: true } : { greeting: `hello ${name}` };
  },
});

describe('engine: schemas', () => {
  it("enforces a tool's input schema (E_INPUT_INVALID) and output schema (E_OUTPUT_INVALID), not retried", async () => {
    const t = createTestEngine({
      descriptors: [greet, workflow('greet', [toolTask('hi', 'greet', [], { input: { name: { from: 'input.name' } }, retry: { maxAttempts: 3, initialDelayMs: 1 } })])],
    });
    const ok = await t.engine.wait((await t.engine.startWorkflow('greet', { input: { name: 'ada' } })).runId);
    expect(ok.tasks.hi!.output).toEqual({ greeting: 'hello ada' });

    const badIn = await t.engine.wait((await t.engine.startWorkflow('greet', { input: { name: '' } })).runId);
    expect(badIn.tasks.hi).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_INPUT_INVALID', details: { problems: ['/name must NOT have fewer than 1 characters'] } } });
    expect(badIn.tasks.hi!.error!.hint).toContain('inputSchema of tool greet');

    const badOut = await t.engine.wait((await t.engine.startWorkflow('greet', { input: { name: 'bad' } })).runId);
    expect(badOut.tasks.hi).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_OUTPUT_INVALID', message: expect.stringContaining('tool greet') } });
  });

  it("enforces a task's own inputSchema and outputSchema", async () => {
    const t = createTestEngine({
      descriptors: [
        defineTool({ id: 'count', execute: (input) => (input as { n: number }).n }),
        workflow('typed', [toolTask('n', 'count', [], { input: { n: { from: 'input.n' } }, inputSchema: { type: 'object', properties: { n: { type: 'integer' } } }, outputSchema: { type: 'integer', maximum: 10 } })]),
      ],
    });
    expect((await t.engine.wait((await t.engine.startWorkflow('typed', { input: { n: 3 } })).runId)).status).toBe('completed');
    const badIn = await t.engine.wait((await t.engine.startWorkflow('typed', { input: { n: 1.5 } })).runId);
    expect(badIn.tasks.n!.error!.code).toBe('E_INPUT_INVALID');
    const badOut = await t.engine.wait((await t.engine.startWorkflow('typed', { input: { n: 11 } })).runId);
    expect(badOut.tasks.n!.error).toMatchObject({ code: 'E_OUTPUT_INVALID', details: { subject: 'task n', problems: ['/ must be <= 10'] } });
  });

  it('checks the run input against goalSchema before anything runs, and the run output against finalOutputSchema', async () => {
    const calls: unknown[] = [];
    const t = createTestEngine({
      descriptors: [
        defineTool({ id: 'rec', execute: (input) => (calls.push(input), 'x') }),
        workflow('goal', [toolTask('a', 'rec')], { goalSchema: { type: 'object', required: ['repo'] }, finalOutputSchema: { type: 'object', required: ['summary'] } }),
      ],
    });
    const refused = await refusal(t.engine.startWorkflow('goal', { input: {} }), 'E_INPUT_INVALID');
    expect(refused.details).toMatchObject({ problems: ["/ must have required property 'repo'"], schemaOf: 'the goalSchema of workflow goal' });
    expect(calls).toEqual([]);
    expect((await t.engine.listRuns()).runs).toEqual([]);

    const done = await t.engine.wait((await t.engine.startWorkflow('goal', { input: { repo: 'r' } })).runId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'E_OUTPUT_INVALID', details: { subject: 'workflow goal' } });
  });
});
