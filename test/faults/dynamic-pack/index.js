import { appendFileSync } from 'node:fs';

/**
 * The pack of the dynamic kill -9 test. `effect` appends `<runId> <tag>` to the
 * `sideEffects` file (synchronously, before anything else), prints a marker and
 * takes a few milliseconds. `fan` is a forEach over the run's items; `chat` a
 * loop of six rounds over the two-task sub-workflow `round`.
 */
export default {
  optionsSchema: { type: 'object', required: ['sideEffects'], properties: { sideEffects: { type: 'string' } } },
  activate(ctx) {
    const file = ctx.options.sideEffects;
    return [
      {
        kind: 'tool',
        id: 'effect',
        payload: {
          async execute(input, run) {
            const tag = input.tag ?? `e${input.index}`;
            appendFileSync(file, `${run.runId} ${tag}\n`);
            process.stdout.write('effect\n');
            await new Promise((resolve) => setTimeout(resolve, 1 + (tag.length % 4)));
            return { tag, item: input.item ?? null };
          },
        },
      },
      {
        kind: 'workflow',
        id: 'fan',
        payload: {
          definition: {
            id: 'fan',
            version: '1.0.0',
            tasks: [{ id: 'each', executor: { type: 'tool', toolId: 'effect' }, forEach: { items: 'input.items', maxItems: 50, concurrency: 3 } }],
          },
        },
      },
      {
        kind: 'workflow',
        id: 'round',
        payload: {
          definition: {
            id: 'round',
            version: '1.0.0',
            tasks: [
              { id: 'speak', executor: { type: 'tool', toolId: 'effect' }, input: { tag: { value: 'speak' } } },
              { id: 'reply', dependsOn: ['speak'], executor: { type: 'tool', toolId: 'effect' }, input: { tag: { value: 'reply' } } },
            ],
            output: { from: 'tasks.reply.output' },
          },
        },
      },
      {
        kind: 'workflow',
        id: 'chat',
        payload: {
          definition: {
            id: 'chat',
            version: '1.0.0',
            tasks: [{ id: 'talk', executor: { type: 'workflow', workflowId: 'round' }, loop: { maxRounds: 10, until: 'round.index >= 5' } }],
          },
        },
      },
    ];
  },
};
