import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { interruptionOf } from './CliIo.js';

/** 'stopped' when the promise has resolved by the next turn of the event loop, else 'waiting'. */
async function stateOf(promise: Promise<void>): Promise<'stopped' | 'waiting'> {
  return Promise.race([promise.then(() => 'stopped' as const), new Promise<'waiting'>((resolve) => setImmediate(() => resolve('waiting')))]);
}

describe('the interruption of a long-running command', () => {
  it('a SIGTERM that comes while the command is busy elsewhere is seen by its next wait', async () => {
    const signals = new EventEmitter();
    const interrupted = interruptionOf(signals);
    // A standby waits, then goes back to trying the store's lease: the signal comes meanwhile.
    expect(await stateOf(interrupted())).toBe('waiting');
    signals.emit('SIGTERM');
    expect(await stateOf(interrupted())).toBe('stopped');
  });

  it('asking again and again installs one listener per signal, removed once the signal came', async () => {
    const signals = new EventEmitter();
    const interrupted = interruptionOf(signals);
    for (let ask = 0; ask < 50; ask += 1) void interrupted();
    expect([signals.listenerCount('SIGINT'), signals.listenerCount('SIGTERM')]).toEqual([1, 1]);
    signals.emit('SIGINT');
    await interrupted();
    // A second Ctrl-C meets Node's default: the process ends at once.
    expect([signals.listenerCount('SIGINT'), signals.listenerCount('SIGTERM')]).toEqual([0, 0]);
  });
});
