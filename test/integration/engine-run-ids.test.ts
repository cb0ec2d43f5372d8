import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { echoTool, toolTask, workflow } from './engineFixtures.js';

describe('engine: run ids it chooses', () => {
  it('are unique UUIDs that sort in the order the runs started, also within one millisecond', async () => {
    const t = createTestEngine({ descriptors: [echoTool, workflow('one', [toolTask('a', 'echo')])] });
    const ids: string[] = [];
    // Started back to back: most share a millisecond.
    for (let index = 0; index < 200; index += 1) ids.push((await t.engine.startWorkflow('one')).runId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // Version 7 (RFC 9562): the time of the start leads, so stores index new runs at the end.
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await Promise.all(ids.map((id) => t.engine.wait(id)));
  });

  it('keeps the id a caller chose', async () => {
    const t = createTestEngine({ descriptors: [echoTool, workflow('one', [toolTask('a', 'echo')])] });
    const { runId } = await t.engine.startWorkflow('one', { runId: 'order-42' });
    expect(runId).toBe('order-42');
  });
});
