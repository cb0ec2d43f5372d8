import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, Services, type TroupeHost } from '@troupe/runtime';
import { FakeClock } from '@troupe/testing';

/** A local pack whose workflow `greeter` has the given triggers. */
function writePack(dir: string, triggers: readonly Record<string, unknown>[]): void {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@fixtures/triggered', version: '1.0.0', type: 'module', troupe: { manifestVersion: 1, engine: '^1.0.0' } }));
  writeFileSync(
    join(dir, 'index.js'),
    `export default { descriptors: [
  { kind: 'tool', id: 'noop', payload: { execute: () => 'ok' } },
  { kind: 'workflow', id: 'greeter', payload: { definition: { id: 'greeter', version: '1.0.0', tasks: [{ id: 'noop', executor: { type: 'tool', toolId: 'noop' } }], triggers: ${JSON.stringify(triggers)} } } },
] };`,
  );
}

let dir: string;
let host: TroupeHost;
const clock = new FakeClock(Date.UTC(2025, 5, 1, 9, 30));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-reload-triggers-'));
  writePack(dir, [
    { id: 'on-ping', type: 'event', event: 'ping' },
    { id: 'hourly', type: 'cron', cron: '0 * * * *', timezone: 'UTC' },
  ]);
  host = createHost({ config: { packs: [{ use: dir }] }, logLevel: 'silent', services: [{ token: Services.clock, value: clock }] });
  await host.start();
});

afterEach(async () => {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a hot reload re-registers the triggers of the reloaded definitions', () => {
  it('fires the new event name and schedule, and no longer the removed ones', async () => {
    expect((await host.emit('ping', {})).map((fire) => fire.outcome)).toEqual(['started']);

    writePack(dir, [
      { id: 'on-pong', type: 'event', event: 'pong' },
      { id: 'daily', type: 'cron', cron: '0 12 * * *', timezone: 'UTC' },
    ]);
    expect((await host.reload('@fixtures/triggered')).ok).toBe(true);

    expect(await host.emit('ping', {})).toEqual([]);
    expect((await host.emit('pong', {})).map((fire) => `${fire.triggerKey} ${fire.outcome}`)).toEqual(['greeter#on-pong started']);
    await clock.advance(3 * 3_600_000); // 12:30: the hourly trigger is gone, the daily one fired at 12:00
    const scheduled = (await host.engine.listRuns({ limit: 50 })).runs.map((run) => run.runId).filter((id) => id.startsWith('trg:'));
    expect(scheduled).toEqual([`trg:greeter:daily:${Date.UTC(2025, 5, 1, 12)}`]);
  });
});
