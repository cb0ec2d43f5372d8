import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '@troupe/runtime';
import { defineInlinePack, defineTool, defineWorkflow } from '@troupe/sdk';
import { startPostgresServer, type PostgresServer } from '@troupe/testing';

/** createHost with `store: "postgres://…"` in its config: no store object from the host app. */
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 120_000);
afterAll(async () => {
  await server?.destroy();
});

const pack = defineInlinePack({
  id: 'pg-pack',
  version: '1.0.0',
  descriptors: [
    defineTool({ id: 'double', execute: (input: { input: { n: number } }) => ({ n: input.input.n * 2 }) }),
    defineWorkflow({ id: 'double', version: '1.0.0', tasks: [{ id: 'double', executor: { type: 'tool', toolId: 'double' } }], output: { from: 'tasks.double.output' } }),
  ],
});

describe('a host on store: "postgres://…"', () => {
  it('runs workflows on the server, holds the store\'s host lease, and a later host reads the runs back', async () => {
    const store = `${server.url}?schema=host_it`;
    const first = createHost({ config: { store }, logLevel: 'silent' }).register(pack);
    await first.start();
    const { runId } = await first.engine.startWorkflow('double', { input: { n: 21 } });
    expect(await first.engine.wait(runId)).toMatchObject({ status: 'completed', output: { n: 42 } });

    // One coordinator per store: a second host that runs workflows is refused while the first holds the lease.
    const second = createHost({ config: { store }, logLevel: 'silent' }).register(pack);
    await expect(second.start()).rejects.toMatchObject({ code: 'E_STORE_LOCKED' });
    await first.stop();

    const third = createHost({ config: { store }, logLevel: 'silent' }).register(pack);
    await third.start();
    try {
      expect(await third.engine.getRun(runId)).toMatchObject({ status: 'completed', output: { n: 42 } });
    } finally {
      await third.stop();
    }
  }, 120_000);
});
