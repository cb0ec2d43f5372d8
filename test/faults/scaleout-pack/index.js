import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The pack of the scale-out fault tests, installed on the coordinator and on
 * every worker. `step` records every execution in `<dir>/calls`
 * (`<idempotencyKey> <attempt> <pid>`), waits while the run's `gate` file
 * does not exist (so a test can act while an attempt is in flight), then
 * performs its side effect once per idempotency key (`<dir>/effects`), as a
 * tool that honours the key does, and returns the pid that ran it. Its abort
 * handler leaves a line in `<dir>/aborts`; with `late` it then goes on to
 * the gate anyway and returns (a late result the coordinator must refuse).
 */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  optionsSchema: { type: 'object', required: ['dir'], properties: { dir: { type: 'string' } } },
  activate(ctx) {
    const dir = ctx.options.dir;
    const calls = join(dir, 'calls');
    const effects = join(dir, 'effects');
    const aborts = join(dir, 'aborts');
    const step = (id, dependsOn) => ({
      id,
      ...(dependsOn ? { dependsOn: [dependsOn] } : {}),
      executor: { type: 'tool', toolId: 'step' },
      input: { gate: { from: 'input.gate' }, late: { from: 'input.late' } },
    });
    return [
      {
        kind: 'tool',
        id: 'step',
        payload: {
          async execute(input, run) {
            appendFileSync(calls, `${run.idempotencyKey} ${run.attempt} ${process.pid}\n`);
            run.signal.addEventListener('abort', () => appendFileSync(aborts, `${run.idempotencyKey} ${run.attempt} ${process.pid}\n`), { once: true });
            if (typeof input.gate === 'string' && input.gate !== '') {
              while (!existsSync(join(dir, input.gate))) {
                if (!input.late) run.signal.throwIfAborted();
                await sleep(10);
              }
            }
            const done = existsSync(effects) ? readFileSync(effects, 'utf8').split('\n') : [];
            if (!done.includes(run.idempotencyKey)) appendFileSync(effects, `${run.idempotencyKey}\n`);
            return { pid: process.pid, attempt: run.attempt };
          },
        },
      },
      { kind: 'workflow', id: 'chain', payload: { definition: { id: 'chain', version: '1.0.0', tasks: [step('a'), step('b', 'a'), step('c', 'b')], output: { from: 'tasks.c.output' } } } },
      // The same chain with a whole-run timeout.
      { kind: 'workflow', id: 'timed', payload: { definition: { id: 'timed', version: '1.0.0', timeoutMs: 1500, tasks: [step('a'), step('b', 'a')], output: { from: 'tasks.b.output' } } } },
    ];
  },
};
