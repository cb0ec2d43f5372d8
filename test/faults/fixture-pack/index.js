import { appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

/**
 * The pack of the kill -9 test. `effect` is a tool with a side effect: it
 * appends `<idempotencyKey> <attempt>` to the file named by the `sideEffects`
 * option (synchronously, so the line is on disk before anything else happens),
 * prints a progress marker, takes a few milliseconds, and fails the first
 * attempt of some tasks so retries (and their timers) are part of recovery.
 */
const digest = (text) => createHash('sha256').update(text).digest('hex');

const tasks = [
  { id: 'a' },
  { id: 'b', dependsOn: ['a'] },
  { id: 'c', dependsOn: ['a'] },
  { id: 'd', dependsOn: ['a'] },
  { id: 'e', dependsOn: ['b', 'c', 'd'] },
  { id: 'f', dependsOn: ['e'] },
  { id: 'g', dependsOn: ['f'] },
  { id: 'h', dependsOn: ['g'] },
].map((task) => ({
  ...task,
  executor: { type: 'tool', toolId: 'effect' },
  input: { key: { from: 'input.key' } },
  retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 20, jitter: false },
}));

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
            appendFileSync(file, `${run.idempotencyKey} ${run.attempt}\n`);
            process.stdout.write('effect\n');
            const hash = digest(`${run.idempotencyKey}:${input.key}`);
            await new Promise((resolve) => setTimeout(resolve, 1 + (parseInt(hash.slice(0, 2), 16) % 5)));
            if (run.attempt === 1 && parseInt(hash.slice(2, 4), 16) % 6 === 0) {
              throw Object.assign(new Error(`transient failure of ${run.idempotencyKey}`), { code: 'E_TRANSIENT' });
            }
            return { hash, attempt: run.attempt };
          },
        },
      },
      { kind: 'workflow', id: 'durable', payload: { definition: { id: 'durable', version: '1.0.0', tasks } } },
    ];
  },
};
