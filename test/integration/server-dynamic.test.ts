import { afterEach, describe, expect, it } from 'vitest';
import helloPack from '@troupe/pack-hello';
import { defineWorkflow, type AnyDescriptor } from '@troupe/sdk';
import { systemClock } from '@troupe/runtime';
import { createTestEngine } from '@troupe/testing';
import { TroupeClient, type SubscriptionMessage } from '@troupe/client';
import { startTestServer } from './server-harness.js';

const shoutAll = defineWorkflow({
  id: 'shout-all',
  version: '1.0.0',
  tasks: [
    {
      id: 'each',
      executor: { type: 'tool', toolId: 'shout' },
      forEach: { items: 'input.words', maxItems: 10, concurrency: 2 },
      input: { text: { from: 'item.value' } },
    },
  ],
});

describe('telemetry of dynamic tasks over the server', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('streams each instance event and WORKFLOW_UPDATE progress with how far the forEach got (checked against the protocol schema)', async () => {
    const engine = createTestEngine({ descriptors: [...(helloPack.descriptors ?? []), shoutAll] as AnyDescriptor[], clock: systemClock });
    closers.push(() => engine.close());
    const server = await startTestServer({ runs: engine.engine });
    closers.push(() => server.close());
    const troupe = new TroupeClient({ url: server.url });
    closers.push(() => troupe.close());

    // Subscribed to the workflow before the run starts: every update arrives live.
    const subscription = await troupe.subscribe({ definitionId: 'shout-all' });
    const run = await troupe.stream.start({ definitionId: 'shout-all', input: { words: ['a', 'b', 'c'] } });
    const seen: SubscriptionMessage[] = [];
    for await (const message of subscription) {
      seen.push(message);
      if (message.type === 'event' && message.event.type === 'run.completed') break;
    }
    const instanceEvents = seen.flatMap((message) => (message.type === 'event' && message.event.type.startsWith('task.instance_') ? [message.event.type] : []));
    expect(instanceEvents.filter((type) => type === 'task.instance_completed')).toHaveLength(3);
    const progress = seen.flatMap((message) => (message.type === 'WORKFLOW_UPDATE' ? [message.progress] : []));
    expect(progress.map((p) => p.instances?.each?.completed ?? 0)).toContain(3);
    expect(progress.at(-1)!.instances).toEqual({ each: { kind: 'forEach', completed: 3, total: 3 } });
    expect((await troupe.rest.getRun(run.runId)).tasks.each!.output).toEqual([{ text: 'A' }, { text: 'B' }, { text: 'C' }]);

    // A late subscriber's snapshot of the stored run carries it too.
    const late = await troupe.subscribe({ runId: run.runId, since: 0 });
    for await (const message of late) {
      if (message.type === 'WORKFLOW_UPDATE') {
        expect(message.progress.instances).toEqual({ each: { kind: 'forEach', completed: 3, total: 3 } });
        break;
      }
    }
  });
});
